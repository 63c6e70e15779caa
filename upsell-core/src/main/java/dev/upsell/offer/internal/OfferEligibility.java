package dev.upsell.offer.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OwnedProducts;

/**
 * Whether an offer may be shown to a customer, from what they hold already: not while an offer for the product
 * is open, not within the suppression window after they declined the same funnel step's offer, and (with
 * {@code skip-owned}) not for a product they bought through an offer or own per the host's
 * {@link OwnedProducts}.
 */
public final class OfferEligibility {

	private final OwnedProducts owned;

	private final boolean skipOwned;

	private final Duration declineSuppression;

	private final Clock clock;

	/**
	 * Creates the check.
	 * @param owned what the host says a customer owns
	 * @param skipOwned whether owned products are not offered
	 * @param declineSuppression how long a declined rule is not offered again
	 * @param clock the time
	 */
	public OfferEligibility(OwnedProducts owned, boolean skipOwned, Duration declineSuppression, Clock clock) {
		this.owned = owned;
		this.skipOwned = skipOwned;
		this.declineSuppression = declineSuppression;
		this.clock = clock;
	}

	/**
	 * Whether a funnel step's offer of a product may be presented.
	 * @param customerId the customer
	 * @param existing the customer's offers
	 * @param funnelId the funnel (or rule)
	 * @param stepId the step about to be shown
	 * @param productId the product about to be offered
	 * @return whether it may
	 */
	public boolean mayPresent(String customerId, List<Offer> existing, String funnelId, String stepId,
			String productId) {
		return !hasOpenOffer(existing, productId) && !declinedRecently(existing, funnelId, stepId)
				&& !skipsOwned(customerId, existing, productId);
	}

	/**
	 * Whether the customer owns a product: bought through an offer and not refunded in full, or per the host's
	 * {@link OwnedProducts}. Always asked, whatever {@code skip-owned} says (a funnel step's {@code owns} and
	 * {@code not-owns} conditions use it).
	 * @param customerId the customer
	 * @param offers the customer's offers
	 * @param productId the product
	 * @return whether they own it
	 */
	public boolean owns(String customerId, List<Offer> offers, String productId) {
		boolean bought = offers.stream()
			.anyMatch((offer) -> offer.status() == OfferStatus.CONVERTED && offer.productId().equals(productId)
					&& offer.refundedAmount() < offer.paidAmount());
		return bought || this.owned.owns(customerId, productId);
	}

	private boolean skipsOwned(String customerId, List<Offer> offers, String productId) {
		return this.skipOwned && owns(customerId, offers, productId);
	}

	private static boolean hasOpenOffer(List<Offer> offers, String productId) {
		return offers.stream().anyMatch((offer) -> offer.status().isOpen() && offer.productId().equals(productId));
	}

	private boolean declinedRecently(List<Offer> offers, String funnelId, String stepId) {
		Instant since = this.clock.instant().minus(this.declineSuppression);
		return offers.stream()
			.anyMatch((offer) -> offer.status() == OfferStatus.DECLINED && offer.ruleId().equals(funnelId)
					&& offer.funnelStep().equals(stepId) && offer.updatedAt().isAfter(since));
	}

}
