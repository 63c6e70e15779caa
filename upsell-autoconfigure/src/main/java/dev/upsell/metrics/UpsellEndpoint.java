package dev.upsell.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

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
	 * The funnel and the orphan payments.
	 * @return {@code {"offers": {ruleId: stage}, "experiments": {experimentId: readout},
	 * "orphanPayments": {"count": n, "recent": [paymentId]}}}
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
		return body;
	}

}
