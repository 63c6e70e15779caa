package dev.upsell.metrics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowRepository;
import dev.upsell.retention.RetentionService;

/**
 * The retention flows' readout, from the store (the same on every instance, after restarts): per arm (held out, each
 * offer, none) the flows with a reason, the saves and the save rate, then the flows measured
 * {@code save-after} after their decision and the share still subscribed, with a 95 % credible interval and the
 * probability of keeping more than the holdout ({@link BetaPosterior}). The comparison of everyone treated against the
 * holdout is what the flow adds: not what would have stayed anyway.
 */
public final class RetentionReadout {

	private final RetentionService retention;

	/**
	 * Creates the readout.
	 * @param retention the flows' service (its store and settings)
	 */
	public RetentionReadout(RetentionService retention) {
		this.retention = retention;
	}

	/**
	 * The readout of every flow in the store.
	 * @return the readout
	 */
	public Readout read() {
		return read(Instant.EPOCH);
	}

	/**
	 * The readout of the flows started since a time.
	 * @param since the period's start
	 * @return the readout
	 */
	public Readout read(Instant since) {
		List<RetentionFlowRepository.Tally> tallies = this.retention.results(since);
		RetentionFlowRepository.Tally holdout = tallies.stream()
			.filter((tally) -> RetentionFlow.HOLDOUT.equals(tally.arm()))
			.findFirst()
			.orElse(null);
		BetaPosterior held = (holdout != null) ? new BetaPosterior(holdout.kept(), holdout.measured()) : null;
		List<ArmReadout> arms = new ArrayList<>();
		long treatedMeasured = 0;
		long treatedKept = 0;
		for (RetentionFlowRepository.Tally tally : tallies) {
			boolean isHoldout = tally == holdout;
			BetaPosterior kept = new BetaPosterior(tally.kept(), tally.measured());
			double[] interval = kept.interval95();
			arms.add(new ArmReadout(tally.arm(), isHoldout, tally.flows(), tally.saved(), rate(tally.saved(), tally.flows()),
					tally.measured(), tally.kept(), rate(tally.kept(), tally.measured()), interval[0], interval[1],
					(isHoldout || held == null || tally.measured() == 0 || held.trials() == 0) ? null
							: kept.probabilityAbove(held)));
			if (!isHoldout) {
				treatedMeasured += tally.measured();
				treatedKept += tally.kept();
			}
		}
		Comparison comparison = null;
		if (holdout != null) {
			BetaPosterior treated = new BetaPosterior(treatedKept, treatedMeasured);
			comparison = new Comparison(treatedMeasured, treatedKept, rate(treatedKept, treatedMeasured),
					holdout.measured(), holdout.kept(), rate(holdout.kept(), holdout.measured()),
					rate(treatedKept, treatedMeasured) - rate(holdout.kept(), holdout.measured()),
					(treatedMeasured > 0 && holdout.measured() > 0) ? treated.probabilityAbove(held) : null);
		}
		return new Readout(since, this.retention.settings().holdout(), this.retention.settings().splitOffers(),
				this.retention.settings().saveAfter().toDays(), arms, comparison);
	}

	private static double rate(long part, long whole) {
		return (whole > 0) ? (double) part / whole : 0.0;
	}

	/**
	 * The readout.
	 *
	 * @param since flows started at or after this are counted
	 * @param holdoutShare the configured share held out
	 * @param splitOffers whether the offers answering a reason are split
	 * @param saveAfterDays days after a decision a flow is measured
	 * @param arms per arm
	 * @param treatedVsHoldout everyone treated against the holdout; {@code null} without a holdout
	 */
	public record Readout(Instant since, double holdoutShare, boolean splitOffers, long saveAfterDays,
			List<ArmReadout> arms, @Nullable Comparison treatedVsHoldout) {
	}

	/**
	 * One arm's numbers.
	 *
	 * @param arm {@code holdout}, an offer's id, or {@code none}
	 * @param holdout whether it is the holdout
	 * @param flows flows with a reason
	 * @param saves offers accepted and executed
	 * @param saveRate saves / flows
	 * @param measured flows measured
	 * @param kept of those, still subscribed
	 * @param keptRate kept / measured
	 * @param keptLow the 95 % credible interval's low end
	 * @param keptHigh its high end
	 * @param probabilityAboveHoldout P(this arm keeps more than the holdout); {@code null} for the holdout or without
	 * data
	 */
	public record ArmReadout(String arm, boolean holdout, long flows, long saves, double saveRate, long measured,
			long kept, double keptRate, double keptLow, double keptHigh, @Nullable Double probabilityAboveHoldout) {
	}

	/**
	 * Everyone treated against the holdout.
	 *
	 * @param treatedMeasured treated flows measured
	 * @param treatedKept of those, still subscribed
	 * @param treatedKeptRate their share
	 * @param holdoutMeasured held-out flows measured
	 * @param holdoutKept of those, still subscribed
	 * @param holdoutKeptRate their share
	 * @param lift the treated share less the holdout's: what the flow adds
	 * @param probabilityTreatedKeepsMore P(treated keep more than held out); {@code null} without data
	 */
	public record Comparison(long treatedMeasured, long treatedKept, double treatedKeptRate, long holdoutMeasured,
			long holdoutKept, double holdoutKeptRate, double lift, @Nullable Double probabilityTreatedKeepsMore) {
	}

}
