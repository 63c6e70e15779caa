package dev.upsell.offer.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.offer.ExperimentLedger;

/**
 * Allocates a new customer of an adaptive experiment to a variant by Thompson sampling: a draw from each variant's
 * Beta posterior of conversion (from the ledger's results: every instance learns from every conversion), the highest
 * wins; with probability {@code variants × minExplorationShare} the variant is drawn uniformly instead, so each keeps
 * at least its minimum share. The results are read at most every {@link #REFRESH}. The caller records the choice in
 * the ledger, so the customer keeps it.
 */
public final class AdaptiveAllocation {

	/** How long the results read from the ledger are reused. */
	static final Duration REFRESH = Duration.ofSeconds(30);

	private final ExperimentLedger ledger;

	private final Clock clock;

	private final RandomGenerator random;

	private final Map<String, Read> results = new HashMap<>();

	/**
	 * Creates the allocation.
	 * @param ledger the results
	 * @param clock when to read them again
	 * @param random the draws
	 */
	public AdaptiveAllocation(ExperimentLedger ledger, Clock clock, RandomGenerator random) {
		this.ledger = ledger;
		this.clock = clock;
		this.random = random;
	}

	/**
	 * The variant for a new customer.
	 * @param experiment an adaptive experiment
	 * @return the variant
	 */
	public Variant choose(Experiment experiment) {
		List<Variant> variants = experiment.variants();
		if (this.random.nextDouble() < experiment.minExplorationShare() * variants.size()) {
			return variants.get(this.random.nextInt(variants.size()));
		}
		Map<String, ExperimentLedger.ArmResult> arms = results(experiment.id());
		Variant best = variants.get(0);
		double bestDraw = -1;
		for (Variant variant : variants) {
			ExperimentLedger.ArmResult arm = arms.get(variant.id());
			long conversions = (arm != null) ? Math.min(arm.conversions(), arm.exposures()) : 0;
			long exposures = (arm != null) ? arm.exposures() : 0;
			double draw = beta(1 + conversions, 1 + exposures - conversions);
			if (draw > bestDraw) {
				bestDraw = draw;
				best = variant;
			}
		}
		return best;
	}

	private synchronized Map<String, ExperimentLedger.ArmResult> results(String experimentId) {
		Instant now = this.clock.instant();
		Read read = this.results.get(experimentId);
		if (read == null || now.isAfter(read.at().plus(REFRESH)) || now.isBefore(read.at())) {
			Map<String, ExperimentLedger.ArmResult> arms = new HashMap<>();
			this.ledger.results(experimentId, Instant.EPOCH).forEach((arm) -> arms.put(arm.variant(), arm));
			read = new Read(now, arms);
			this.results.put(experimentId, read);
		}
		return read.arms();
	}

	/** A Beta(a, b) draw: X / (X + Y) of two Gamma draws. */
	private double beta(double a, double b) {
		double x = gamma(a);
		double y = gamma(b);
		return x / (x + y);
	}

	/** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang, 2000). */
	private double gamma(double shape) {
		double d = shape - 1.0 / 3;
		double c = 1 / Math.sqrt(9 * d);
		while (true) {
			double x;
			double v;
			do {
				x = this.random.nextGaussian();
				v = 1 + c * x;
			}
			while (v <= 0);
			v = v * v * v;
			double u = this.random.nextDouble();
			if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
				return d * v;
			}
		}
	}

	private record Read(Instant at, Map<String, ExperimentLedger.ArmResult> arms) {
	}

}
