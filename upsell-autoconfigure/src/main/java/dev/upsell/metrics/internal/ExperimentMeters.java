package dev.upsell.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.metrics.ExperimentReadout;

/**
 * The experiments' health on Micrometer, from the readout (the store's numbers, the same on every instance):
 * {@code upsell.experiments.srm{experiment}} is the sample-ratio check's p-value (alert below 0.001),
 * {@code upsell.experiments.guardrail{experiment, variant, guardrail}} is 1 while a variant trips a guardrail
 * ({@code refund_rate}, {@code later_declines}, {@code cancellations}). The readout is read at most once a minute, whatever the scrape rate.
 */
public final class ExperimentMeters {

	/** The sample-ratio check's p-value. */
	public static final String SRM = "upsell.experiments.srm";

	/** 1 while a variant trips a guardrail. */
	public static final String GUARDRAIL = "upsell.experiments.guardrail";

	private static final Duration REFRESH = Duration.ofMinutes(1);

	private static final List<String> GUARDRAILS = List.of("refund_rate", "later_declines", "cancellations");

	private final ExperimentReadout readout;

	private final Clock clock;

	private Map<String, ExperimentReadout.Readout> last = Map.of();

	private Instant readAt = Instant.MIN;

	/**
	 * Creates the meters.
	 * @param readout the readout
	 * @param clock when to read again
	 */
	public ExperimentMeters(ExperimentReadout readout, Clock clock) {
		this.readout = readout;
		this.clock = clock;
	}

	/**
	 * Registers a gauge per experiment and per variant and guardrail.
	 * @param registry the registry
	 * @return these meters
	 */
	public ExperimentMeters bindTo(MeterRegistry registry) {
		for (ExperimentReadout.Placement placement : this.readout.placements()) {
			Experiment experiment = placement.experiment();
			String id = experiment.id();
			gauge(registry, SRM, "p-value of the experiment's split against the configured one (chi-squared)",
					(meters) -> {
						ExperimentReadout.Readout current = meters.current().get(id);
						return (current != null) ? current.sampleRatio().pValue() : 1.0;
					}, "experiment", id);
			for (Variant variant : experiment.variants()) {
				for (String guardrail : GUARDRAILS) {
					gauge(registry, GUARDRAIL, "1 while the variant's rate is above the control's with over 95 % probability",
							(meters) -> meters.trips(id, variant.id(), guardrail) ? 1.0 : 0.0, "experiment", id,
							"variant", variant.id(), "guardrail", guardrail);
				}
			}
		}
		return this;
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ExperimentMeters> value,
			String... tags) {
		Gauge.builder(name, this, value).description(description).tags(tags).register(registry);
	}

	private boolean trips(String experimentId, String variantId, String guardrail) {
		ExperimentReadout.Readout current = current().get(experimentId);
		return current != null && current.variants()
			.stream()
			.anyMatch((variant) -> variant.variant().equals(variantId) && variant.guardrails().contains(guardrail));
	}

	private synchronized Map<String, ExperimentReadout.Readout> current() {
		Instant now = this.clock.instant();
		if (now.isAfter(this.readAt.plus(REFRESH)) || now.isBefore(this.readAt)) {
			this.last = this.readout.all();
			this.readAt = now;
		}
		return this.last;
	}

}
