package dev.upsell.metrics;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** The {@code upsell} actuator endpoint: the offer funnel per rule on this instance. */
@Endpoint(id = "upsell")
public class UpsellEndpoint {

	private final UpsellFunnel funnel;

	/**
	 * Creates the endpoint.
	 * @param funnel the funnel view
	 */
	public UpsellEndpoint(UpsellFunnel funnel) {
		this.funnel = funnel;
	}

	/**
	 * The funnel.
	 * @return {@code {"offers": {ruleId: stage}}}
	 */
	@ReadOperation
	public Map<String, Object> funnel() {
		return Map.of("offers", this.funnel.byRule());
	}

}
