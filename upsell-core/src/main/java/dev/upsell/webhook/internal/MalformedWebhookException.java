package dev.upsell.webhook.internal;

/** A verified webhook body is not a Dodo event envelope (HTTP 400). The message never quotes the body. */
public class MalformedWebhookException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong
	 */
	public MalformedWebhookException(String message) {
		super(message, null, false, false);
	}

}
