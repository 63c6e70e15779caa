package dev.upsell.restclient;

import io.micrometer.common.KeyValues;

/**
 * The default observation of Dodo calls: {@code upsell.dodo.requests}, with the low-cardinality keys
 * {@code operation} (e.g. {@code POST /checkouts}) and {@code outcome} ({@code success}, {@code client_error},
 * {@code server_error}, {@code timeout}, {@code connection_error}), contextual name {@code dodo <operation>}.
 */
public class DefaultDodoRequestObservationConvention implements DodoRequestObservationConvention {

	/** The observation (and timer) name. */
	public static final String NAME = "upsell.dodo.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DodoRequestObservationContext context) {
		return "dodo " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DodoRequestObservationContext context) {
		String outcome = context.getOutcome();
		return KeyValues.of("operation", context.getOperation(), "outcome", (outcome != null) ? outcome : "unknown");
	}

}
