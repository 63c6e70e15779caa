package dev.upsell.webhook;

/** A webhook delivery did not verify. The message says why, never with the secret or the body. */
public class WebhookVerificationException extends RuntimeException {

	private final Reason reason;

	/**
	 * Creates the exception.
	 * @param reason the kind of failure
	 * @param message what exactly
	 */
	public WebhookVerificationException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	/** The kind of failure. */
	public Reason reason() {
		return this.reason;
	}

	/** Kinds of verification failure. */
	public enum Reason {

		/** A {@code webhook-*} header is missing or empty (HTTP 400). */
		MISSING_HEADER,

		/** A header does not parse: non-numeric timestamp, signature entry without version or bad base64 (400). */
		MALFORMED_HEADER,

		/** No {@code v1} signature matches any configured secret (401). */
		INVALID_SIGNATURE,

		/** Genuine signature, but the timestamp is outside the tolerance, either way (401). */
		TIMESTAMP_OUT_OF_TOLERANCE

	}

}
