package dev.upsell.retention;

import org.jspecify.annotations.Nullable;

import dev.upsell.plan.PlanChangeQuote;

/**
 * A retention flow after the customer gave a reason: the flow, and the one offer to show, if any. Without an offer
 * the host shows the cancellation alone.
 *
 * @param flow the flow
 * @param offer the offer to show, or {@code null}
 * @param quote for a downgrade now: Dodo's figures (credit, new price) to show with it; pass its id to
 * {@link RetentionService#accept(String, String, String)}
 */
public record RetentionStep(RetentionFlow flow, @Nullable RetentionOffer offer, @Nullable PlanChangeQuote quote) {

	/**
	 * A step without a quote.
	 * @param flow the flow
	 * @param offer the offer
	 */
	public RetentionStep(RetentionFlow flow, @Nullable RetentionOffer offer) {
		this(flow, offer, null);
	}

}
