package dev.upsell.test.simulator;

import java.time.Instant;

/**
 * One delivery attempt of a webhook.
 *
 * @param webhookId the event's {@code webhook-id}
 * @param type the event type
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param status the receiver's HTTP status, or 0 when it could not be reached
 * @param at when the attempt was made
 */
public record WebhookDelivery(String webhookId, String type, int attempt, int status, Instant at) {

	/** Whether the receiver accepted it (2xx). */
	public boolean accepted() {
		return this.status >= 200 && this.status < 300;
	}

}
