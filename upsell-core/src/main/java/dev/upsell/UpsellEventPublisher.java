package dev.upsell;

/**
 * Where the core publishes what happened: offer changes, conversions, refunds, plan changes, webhook answers and
 * Dodo's typed events. The one event mechanism of dodo-upsell. Without Spring, pass a listener of your own; the
 * starter bridges it to Spring's application events, so a host listens with {@code @EventListener} as before.
 * Implementations are called on the thread that made the change and must be thread-safe.
 */
@FunctionalInterface
public interface UpsellEventPublisher {

	/**
	 * Publishes one event.
	 * @param event the event, one of the record types in {@code dev.upsell.offer}, {@code dev.upsell.plan} and
	 * {@code dev.upsell.webhook}
	 */
	void publish(Object event);

	/**
	 * A publisher that drops every event.
	 * @return the publisher
	 */
	static UpsellEventPublisher none() {
		return (event) -> {
		};
	}

}
