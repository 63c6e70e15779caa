package dev.upsell.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.upsell.metrics.internal.RetentionReadout;
import dev.upsell.metrics.internal.UpsellFunnel;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.OrphanPayments;

/**
 * The {@code upsell} actuator endpoint: the offer funnel per rule and funnel on this instance, the experiments'
 * readouts, and the orphan payments found (Dodo payments for offers the store does not know).
 */
@Endpoint(id = "upsell")
public class UpsellEndpoint {

	private final UpsellFunnel funnel;

	private final @Nullable OrphanPayments orphans;

	private final @Nullable ExperimentReadout experiments;

	private @Nullable FulfilmentOutbox deliveries;

	private @Nullable RetentionReadout retention;

	/**
	 * Creates the endpoint.
	 * @param funnel the funnel view
	 */
	public UpsellEndpoint(UpsellFunnel funnel) {
		this(funnel, null, null);
	}

	/**
	 * Creates the endpoint with the orphan payments and the experiments.
	 * @param funnel the funnel view
	 * @param orphans the orphan payments found, or {@code null}
	 * @param experiments the experiment readout, or {@code null}
	 */
	public UpsellEndpoint(UpsellFunnel funnel, @Nullable OrphanPayments orphans,
			@Nullable ExperimentReadout experiments) {
		this.funnel = funnel;
		this.orphans = orphans;
		this.experiments = experiments;
	}

	/**
	 * Also lists the deliveries owed to the host's listeners.
	 * @param deliveries the outbox
	 * @return this endpoint
	 */
	public UpsellEndpoint withDeliveries(FulfilmentOutbox deliveries) {
		this.deliveries = deliveries;
		return this;
	}

	/**
	 * Also shows the retention flows' readout.
	 * @param retention the readout, from the store
	 * @return this endpoint
	 */
	public UpsellEndpoint withRetention(RetentionReadout retention) {
		this.retention = retention;
		return this;
	}

	/**
	 * The funnel and the orphan payments.
	 * @return {@code {"offers": {ruleId: stage}, "experiments": {experimentId: readout},
	 * "orphanPayments": {"count": n, "recent": [paymentId]}, "fulfilment": {"pending": n, "gaveUp": n,
	 * "stuck": [delivery]}, "retention": readout}}
	 */
	@ReadOperation
	public Map<String, Object> funnel() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("offers", this.funnel.byRule());
		if (this.experiments != null) {
			body.put("experiments", this.experiments.all());
		}
		if (this.orphans != null) {
			body.put("orphanPayments", Map.of("count", this.orphans.count(), "recent", this.orphans.recent()));
		}
		if (this.deliveries != null) {
			body.put("fulfilment", fulfilment(this.deliveries));
		}
		if (this.retention != null) {
			body.put("retention", this.retention.read());
		}
		return body;
	}

	/**
	 * What is owed to the host's listeners and why, without customer data: ids, kind, attempts, the next attempt
	 * and the type of the last error.
	 */
	private static Map<String, Object> fulfilment(FulfilmentOutbox outbox) {
		FulfilmentOutbox.Counts counts = outbox.counts();
		List<Map<String, Object>> stuck = outbox.undelivered(STUCK_LISTED).stream().map((delivery) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", delivery.id());
			entry.put("kind", delivery.kind().tag());
			entry.put("offer", delivery.offerId());
			entry.put("attempts", delivery.attempts());
			entry.put("nextAttemptAt", delivery.nextAttemptAt().toString());
			entry.put("lastError", (delivery.lastError() != null) ? delivery.lastError() : "");
			entry.put("gaveUp", delivery.gaveUp());
			return entry;
		}).toList();
		return Map.of("pending", counts.pending(), "gaveUp", counts.gaveUp(), "stuck", stuck);
	}

	private static final int STUCK_LISTED = 50;

}
