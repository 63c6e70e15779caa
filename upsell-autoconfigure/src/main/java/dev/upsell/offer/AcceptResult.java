package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * What accepting an offer did, in plain terms.
 *
 * @param outcome charged, pending, redirected or failed
 * @param offer the offer as it now stands
 * @param paymentId the Dodo payment, when there is one
 * @param checkoutUrl for {@link Outcome#REDIRECT}: the normal checkout link to send the customer to; for
 * {@link Outcome#ACTION_REQUIRED}: where the customer authenticates the charge (3-D Secure)
 * @param reason why it was redirected, failed or is pending (e.g. {@code CARD_DECLINED},
 * {@code NO_SAVED_PAYMENT_METHOD}, {@code OUTCOME_UNKNOWN}, {@code ACTION_REQUIRED})
 * @param clientSecret for {@link Outcome#ACTION_REQUIRED}, on the answer of the accept call only: the secret
 * with which Dodo's checkout SDK finishes the authentication in the page (never stored, never logged)
 */
public record AcceptResult(Outcome outcome, Offer offer, @Nullable String paymentId, @Nullable String checkoutUrl,
		@Nullable String reason, @Nullable String clientSecret) {

	/**
	 * A result without a client secret.
	 * @param outcome what happened
	 * @param offer the offer
	 * @param paymentId the payment
	 * @param checkoutUrl the link
	 * @param reason the reason
	 */
	public AcceptResult(Outcome outcome, Offer offer, @Nullable String paymentId, @Nullable String checkoutUrl,
			@Nullable String reason) {
		this(outcome, offer, paymentId, checkoutUrl, reason, null);
	}

	/**
	 * This result with the client secret of its payment.
	 * @param clientSecret the secret, if Dodo gave one
	 * @return the result
	 */
	public AcceptResult withClientSecret(@Nullable String clientSecret) {
		return new AcceptResult(this.outcome, this.offer, this.paymentId, this.checkoutUrl, this.reason,
				(this.outcome == Outcome.ACTION_REQUIRED) ? clientSecret : null);
	}

	/**
	 * The result an offer's current state stands for.
	 * @param offer an offer that was accepted or redirected
	 * @return the result
	 */
	public static AcceptResult of(Offer offer) {
		Outcome outcome = switch (offer.status()) {
			case CONVERTED -> Outcome.CHARGED;
			case ACCEPTED -> (offer.step() == AcceptedStep.ACTION_REQUIRED) ? Outcome.ACTION_REQUIRED : Outcome.PENDING;
			case REDIRECTED -> Outcome.REDIRECT;
			case FAILED -> Outcome.FAILED;
			default -> throw new IllegalArgumentException("Offer " + offer.id() + " was not accepted: " + offer.status());
		};
		String reason = (offer.step() != null) ? offer.step().reason() : offer.failureReason();
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

		/**
		 * The bank asks the customer to authenticate the charge (3-D Secure, Dodo's
		 * {@code requires_customer_action}): send them to {@link #checkoutUrl()}, or finish it in the page with
		 * {@link #clientSecret()}. The offer stays accepted until the payment settles; a webhook or
		 * reconciliation converts it, or hands out a checkout link when the authentication fails.
		 */
		ACTION_REQUIRED,

		/** No one-click charge: send the customer to {@link #checkoutUrl()}. */
		REDIRECT,

		/** The charge failed and no fallback link could be made. */
		FAILED

	}

}
