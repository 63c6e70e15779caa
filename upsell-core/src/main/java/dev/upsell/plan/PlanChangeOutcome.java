package dev.upsell.plan;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What executing a plan change did.
 *
 * @param status charged, credited, scheduled, no charge, payment required, or pending
 * @param quote the figures previewed right before the change
 * @param paymentId the payment Dodo made, if any
 * @param paymentLink where the customer must pay, when Dodo asks for it (changes sent with
 * {@code collect_via_payment_link})
 * @param clientSecret what Dodo's checkout SDK needs for the customer to complete the change's payment (3-D
 * Secure, a new payment method), when Dodo answered one
 */
public record PlanChangeOutcome(Status status, PlanChangeQuote quote, @Nullable String paymentId,
		@Nullable String paymentLink, @Nullable String clientSecret) {

	/**
	 * An outcome without a client secret.
	 * @param status what happened
	 * @param quote the figures
	 * @param paymentId the payment, if any
	 * @param paymentLink where the customer must pay, if anywhere
	 */
	public PlanChangeOutcome(Status status, PlanChangeQuote quote, @Nullable String paymentId,
			@Nullable String paymentLink) {
		this(status, quote, paymentId, paymentLink, null);
	}

	/** The kinds of outcome. */
	public enum Status {

		/** Changed, and the customer was charged {@code quote.chargeNow()}. */
		CHARGED,

		/**
		 * The charge failed (e.g. the card was declined); the plan changed only if {@code on_payment_failure} was
		 * {@code apply_change}.
		 */
		PAYMENT_FAILED,

		/** Changed; credit of {@code quote.creditAdded()} applies to future renewals. */
		CREDITED,

		/** Scheduled for the next billing date; nothing charged now. */
		SCHEDULED,

		/** Changed without a charge. */
		NO_CHARGE,

		/** The customer must pay at {@link #paymentLink()} to complete it. */
		PAYMENT_REQUIRED,

		/**
		 * The customer must complete the change's payment (3-D Secure, or a payment method) with
		 * {@link #clientSecret()} in Dodo's checkout SDK, or at {@link #paymentLink()} when there is one; until then
		 * the plan stays (with {@code prevent_change}), and the {@code payment.*} webhooks settle it.
		 */
		ACTION_REQUIRED,

		/**
		 * Sent, but the outcome is not known yet (Dodo's answer was lost, or the payment is still processing):
		 * never resent; the webhooks tell the outcome.
		 */
		PENDING;

		/** The metric tag value. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
