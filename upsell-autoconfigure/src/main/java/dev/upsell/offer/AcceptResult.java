package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * What accepting an offer did, in plain terms.
 *
 * @param outcome charged, pending, redirected or failed
 * @param offer the offer as it now stands
 * @param paymentId the Dodo payment, when there is one
 * @param checkoutUrl for {@link Outcome#REDIRECT}: the normal checkout link to send the customer to
 * @param reason why it was redirected, failed or is pending (e.g. {@code CARD_DECLINED},
 * {@code NO_SAVED_PAYMENT_METHOD}, {@code OUTCOME_UNKNOWN})
 */
public record AcceptResult(Outcome outcome, Offer offer, @Nullable String paymentId, @Nullable String checkoutUrl,
		@Nullable String reason) {

	/**
	 * The result an offer's current state stands for.
	 * @param offer an offer that was accepted or redirected
	 * @return the result
	 */
	public static AcceptResult of(Offer offer) {
		Outcome outcome = switch (offer.status()) {
			case CONVERTED -> Outcome.CHARGED;
			case ACCEPTED -> Outcome.PENDING;
			case REDIRECTED -> Outcome.REDIRECT;
			case FAILED -> Outcome.FAILED;
			default -> throw new IllegalArgumentException("Offer " + offer.id() + " was not accepted: " + offer.status());
		};
		String reason = offer.failureReason();
		if (outcome == Outcome.PENDING && reason == null) {
			reason = (offer.paymentId() != null) ? "PAYMENT_PROCESSING" : "OUTCOME_UNKNOWN";
		}
		return new AcceptResult(outcome, offer, offer.paymentId(), offer.checkoutUrl(),
				(outcome == Outcome.CHARGED) ? null : reason);
	}

	/** What happened. */
	public enum Outcome {

		/** The saved method was charged: {@link #paymentId()} is the payment. */
		CHARGED,

		/**
		 * The charge was sent but its result is not known yet (processing, or Dodo's answer was lost). It is
		 * never sent again; a webhook or reconciliation settles it.
		 */
		PENDING,

		/** No one-click charge: send the customer to {@link #checkoutUrl()}. */
		REDIRECT,

		/** The charge failed and no fallback link could be made. */
		FAILED

	}

}
