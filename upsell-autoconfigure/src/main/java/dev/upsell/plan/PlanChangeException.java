package dev.upsell.plan;

import org.jspecify.annotations.Nullable;

/** A plan change that cannot be made, with a reason a caller can act on. */
public class PlanChangeException extends RuntimeException {

	private final Reason reason;

	private final transient @Nullable PlanChangeQuote quote;

	/**
	 * Creates the exception.
	 * @param reason why
	 * @param message what exactly
	 */
	public PlanChangeException(Reason reason, String message) {
		this(reason, message, null);
	}

	/**
	 * Creates the exception with the quote that stands now.
	 * @param reason why ({@link Reason#QUOTE_CHANGED} or {@link Reason#QUOTE_EXPIRED})
	 * @param message what exactly
	 * @param quote the new quote to show the customer
	 */
	public PlanChangeException(Reason reason, String message, @Nullable PlanChangeQuote quote) {
		super(message);
		this.reason = reason;
		this.quote = quote;
	}

	/** Why. */
	public Reason reason() {
		return this.reason;
	}

	/** For a changed or expired quote: the quote as it stands now, to show the customer before they confirm. */
	public @Nullable PlanChangeQuote quote() {
		return this.quote;
	}

	/** Why a plan change cannot be made. */
	public enum Reason {

		/** No such subscription for this customer (404). */
		SUBSCRIPTION_NOT_FOUND(404),

		/** The subscription is not active (on hold, cancelled, …) (422). */
		SUBSCRIPTION_NOT_ACTIVE(422),

		/** The new plan is the current plan (422). */
		SAME_PLAN(422),

		/** The new plan is not a subscription product, or does not exist (422). */
		INVALID_PLAN(422),

		/** The new plan is priced in another currency (422). */
		CURRENCY_MISMATCH(422),

		/** Another plan change is pending or scheduled (409). */
		CHANGE_PENDING(409),

		/** The change would now charge or credit other than the quote the customer saw (409, new quote attached). */
		QUOTE_CHANGED(409),

		/** The quote the customer saw has expired (409, new quote attached). */
		QUOTE_EXPIRED(409),

		/** The options do not fit together, e.g. next billing date without full_immediately (400). */
		INVALID_OPTIONS(400),

		/** Dodo refused the change (502). */
		DODO_REFUSED(502);

		private final int status;

		Reason(int status) {
			this.status = status;
		}

		/** The HTTP status for this reason. */
		public int status() {
			return this.status;
		}

	}

}
