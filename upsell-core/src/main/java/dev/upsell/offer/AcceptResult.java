package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * What accepting an offer did, in plain terms.
 *
 * @param outcome charged, pending, redirected or failed
 * @param offer the offer as it now stands
 * @param paymentId the Dodo payment, when there is one
 * @param checkoutUrl for {@link Outcome#REDIRECT}: the normal checkout link to send the customer to; for
 * {@link Outcome#ACTION_REQUIRED}: a link where the customer authenticates the charge, only when Dodo gave one (a
 * saved card charged in one click gets none: use {@link #clientSecret()} and {@link #publishableKey()})
 * @param reason why it was redirected, failed or is pending (e.g. {@code CARD_DECLINED},
 * {@code NO_SAVED_PAYMENT_METHOD}, {@code OUTCOME_UNKNOWN}, {@code ACTION_REQUIRED})
 * @param clientSecret for {@link Outcome#ACTION_REQUIRED}, on the answer of the accept call only: the secret
 * with which Dodo's checkout SDK finishes the authentication in the page (never stored, never logged)
 * @param publishableKey for {@link Outcome#ACTION_REQUIRED}, on the answer of the accept call only: the key
 * Dodo's checkout SDK is loaded with, when Dodo gave one
 */
public record AcceptResult(Outcome outcome, Offer offer, @Nullable String paymentId, @Nullable String checkoutUrl,
		@Nullable String reason, @Nullable String clientSecret, @Nullable String publishableKey) {

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
		this(outcome, offer, paymentId, checkoutUrl, reason, null, null);
	}

	/**
	 * This result with what Dodo's checkout SDK needs to let the customer finish its payment; kept only when
	 * the customer must act ({@link Outcome#ACTION_REQUIRED}).
	 * @param clientSecret the secret, if Dodo gave one
	 * @param publishableKey the publishable key, if Dodo gave one
	 * @return the result
	 */
	public AcceptResult withCheckoutSdk(@Nullable String clientSecret, @Nullable String publishableKey) {
		boolean action = this.outcome == Outcome.ACTION_REQUIRED;
		return new AcceptResult(this.outcome, this.offer, this.paymentId, this.checkoutUrl, this.reason,
				action ? clientSecret : null, action ? publishableKey : null);
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
		 * {@code requires_customer_action}): load Dodo's checkout SDK with {@link #clientSecret()} and
		 * {@link #publishableKey()} on the accept call's answer, or send them to {@link #checkoutUrl()} when Dodo
		 * gave a link (it gives none for a saved card charged in one click). No second payment is made for the
		 * offer while this one waits. The offer stays accepted until the payment settles; a webhook or
		 * reconciliation converts it, or hands out a checkout link when the authentication fails.
		 */
		ACTION_REQUIRED,

		/** No one-click charge: send the customer to {@link #checkoutUrl()}. */
		REDIRECT,

		/** The charge failed and no fallback link could be made. */
		FAILED

	}

}
