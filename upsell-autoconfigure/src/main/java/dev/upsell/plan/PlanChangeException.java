package dev.upsell.plan;

/** A plan change that cannot be made, with a reason a caller can act on. */
public class PlanChangeException extends RuntimeException {

	private final Reason reason;

	/**
	 * Creates the exception.
	 * @param reason why
	 * @param message what exactly
	 */
	public PlanChangeException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** Why. */
	public Reason reason() {
		return this.reason;
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
