package dev.upsell.web.internal;

import org.jspecify.annotations.Nullable;

import dev.upsell.offer.DeclineResult;
import dev.upsell.web.OfferView;

/**
 * The body of {@code POST /upsell/offers/{id}/decline}.
 *
 * @param declined the declined offer
 * @param downsell the downsell presented instead, if the rule has one
 */
public record DeclineResponse(OfferView declined, @Nullable OfferView downsell) {

	/**
	 * The body for a result.
	 * @param result what declining did
	 * @return the body
	 */
	public static DeclineResponse of(DeclineResult result) {
		return new DeclineResponse(OfferView.of(result.declined()),
				(result.downsell() != null) ? OfferView.of(result.downsell()) : null);
	}

}
