package dev.upsell.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.offer.FulfilmentOutbox;

/**
 * {@code upsell.fulfilment.deliveries{state=pending|gave_up}}: the deliveries owed to the host's listeners, read
 * from the outbox at each scrape (on every instance the same numbers, with the JDBC store).
 */
public final class FulfilmentMeters {

	private final FulfilmentOutbox outbox;

	/**
	 * Creates the meters.
	 * @param outbox the deliveries owed
	 */
	public FulfilmentMeters(FulfilmentOutbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * Registers the gauges.
	 * @param registry the registry
	 * @return these meters
	 */
	public FulfilmentMeters bindTo(MeterRegistry registry) {
		Gauge.builder(UpsellMetrics.FULFILMENT_DELIVERIES, this.outbox, (outbox) -> outbox.counts().pending())
			.description("Deliveries of conversions, failures and refunds not yet handled by the host's listeners")
			.tag("state", "pending")
			.register(registry);
		Gauge.builder(UpsellMetrics.FULFILMENT_DELIVERIES, this.outbox, (outbox) -> outbox.counts().gaveUp())
			.description("Deliveries of conversions, failures and refunds not yet handled by the host's listeners")
			.tag("state", "gave_up")
			.register(registry);
		return this;
	}

}
