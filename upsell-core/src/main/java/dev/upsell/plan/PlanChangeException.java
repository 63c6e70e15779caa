package dev.upsell.plan;

import org.jspecify.annotations.Nullable;

/**
 * A plan change that cannot be made, with a reason a caller can act on. The HTTP status each reason answers
 * with is the web layer's ({@code UpsellProblemHandler}).
 */
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

		/** No such subscription for this customer. */
		SUBSCRIPTION_NOT_FOUND,

		/** The subscription is not active (on hold, cancelled, …). */
		SUBSCRIPTION_NOT_ACTIVE,

		/** The new plan is the current plan. */
		SAME_PLAN,

		/** The new plan is not a subscription product, or does not exist. */
		INVALID_PLAN,

		/** Dodo refused to bill the new plan in the subscription's currency (its code names a currency). */
		CURRENCY_MISMATCH,

		/** Another plan change is pending or scheduled. */
		CHANGE_PENDING,

		/** No plan change is scheduled: there is nothing to cancel. */
		NOTHING_SCHEDULED,

		/** The change would now charge or credit other than the quote the customer saw (new quote attached). */
		QUOTE_CHANGED,

		/** The quote the customer saw has expired (new quote attached). */
		QUOTE_EXPIRED,

		/** The options do not fit together, e.g. next billing date without full_immediately. */
		INVALID_OPTIONS,

		/** Dodo refused the change. */
		DODO_REFUSED

	}

}
