package dev.upsell.webhook;

/** Told of every webhook delivery's outcome (the metrics hook). Must be quick and must not throw. */
@FunctionalInterface
public interface WebhookObserver {

	/** The type reported for deliveries that did not verify, so forged types never become tag values. */
	String UNVERIFIED = "unverified";

	/** Observes nothing. */
	WebhookObserver NONE = (type, outcome) -> {
	};

	/**
	 * A delivery was answered.
	 * @param type the event type, or {@link #UNVERIFIED}
	 * @param outcome the outcome
	 */
	void onWebhook(String type, WebhookOutcome outcome);

}
