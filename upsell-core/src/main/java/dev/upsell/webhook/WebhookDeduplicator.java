package dev.upsell.webhook;

/**
 * Remembers handled {@code webhook-id}s so each delivery is handled once, also when Dodo redelivers it or
 * someone replays a captured one. Shared stores (JDBC) make this hold across application instances.
 */
public interface WebhookDeduplicator {

	/**
	 * Claims an id for handling.
	 * @param webhookId the {@code webhook-id}
	 * @return {@code true} for the first claim; {@code false} when it was handled (or is being handled) already
	 */
	boolean claim(String webhookId);

	/**
	 * Gives a claim back because handling failed, so Dodo's redelivery is handled.
	 * @param webhookId the {@code webhook-id}
	 */
	void release(String webhookId);

}
