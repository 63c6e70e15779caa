package dev.upsell.webhook;

/**
 * Application event: a webhook delivery was answered. Published once per delivery, whatever its outcome
 * (including {@link WebhookOutcome#TOO_LARGE} bodies refused before they are read).
 *
 * @param type the event type; {@link #UNVERIFIED} for deliveries that did not verify, so forged types never
 * become tag values
 * @param outcome what happened, with the HTTP status answered
 */
public record WebhookAnswered(String type, WebhookOutcome outcome) {

	/** The type reported for deliveries that did not verify. */
	public static final String UNVERIFIED = "unverified";

}
