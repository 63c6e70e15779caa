package dev.upsell.retention;

/**
 * A retention flow step that cannot be taken, with a reason a host maps to an HTTP status.
 */
public class RetentionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	/**
	 * Creates the exception.
	 * @param reason why
	 * @param message what happened, for the developer (never the customer's words)
	 */
	public RetentionException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** Why the step cannot be taken. */
	public Reason reason() {
		return this.reason;
	}

	/** Why a retention step cannot be taken, and the HTTP status it maps to. */
	public enum Reason {

		/** No such flow or subscription for this customer (404). */
		NOT_FOUND(404),
		/** The subscription is not one that can be cancelled now: cancelled, expired, already cancelling (409). */
		NOT_CANCELLABLE(409),
		/** The reason is not one of the configured reasons (400). */
		UNKNOWN_REASON(400),
		/** The flow is past this step: decided, or not offered anything (409). */
		ALREADY_DECIDED(409),
		/** Dodo refused the change (422); the customer can still cancel. */
		DODO_REFUSED(422);

		private final int status;

		Reason(int status) {
			this.status = status;
		}

		/** The HTTP status a host answers with. */
		public int status() {
			return this.status;
		}

	}

}
