package dev.upsell.plan;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What executing a plan change did.
 *
 * @param status charged, credited, scheduled, no charge, payment required, or pending
 * @param quote the figures previewed right before the change
 * @param paymentId the payment Dodo made, if any
 * @param paymentLink where the customer must pay, when Dodo asks for it
 */
public record PlanChangeOutcome(Status status, PlanChangeQuote quote, @Nullable String paymentId,
		@Nullable String paymentLink) {

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
