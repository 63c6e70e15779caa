package dev.upsell.offer.internal;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;
import dev.upsell.offer.ExperimentLedger;

/**
 * A customer's arm of an experiment, for funnel steps and order bumps alike: the one the ledger recorded first, else
 * the hash's (or the bandit's, for an adaptive experiment), recorded now. A customer keeps their arm when weights
 * change; the ledger's counts per arm are what the sample-ratio check reads.
 */
public final class ExperimentArms {

	private final @Nullable ExperimentLedger ledger;

	private final Clock clock;

	private final @Nullable AdaptiveAllocation allocation;

	/**
	 * Creates the arms.
	 * @param ledger where assignments are recorded (the first stays), or {@code null} for the hash alone
	 * @param clock the time of an assignment
	 */
	public ExperimentArms(@Nullable ExperimentLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
		this.allocation = (ledger != null) ? new AdaptiveAllocation(ledger, clock, new java.security.SecureRandom())
				: null;
	}

	/**
	 * The customer's arm.
	 * @param experiment the experiment
	 * @param customerId the customer
	 * @return the assignment
	 */
	public VariantAssignment.Assignment assign(Experiment experiment, String customerId) {
		VariantAssignment.Assignment hashed = VariantAssignment.assign(experiment, customerId);
		if (this.ledger == null) {
			return hashed;
		}
		if (experiment.adaptive() && !hashed.heldOut() && this.ledger.recorded(experiment.id(), customerId) == null) {
			// the holdout stays the hash's (a fixed share); among the variants, the bandit decides for newcomers
			Variant chosen = this.allocation.choose(experiment);
			hashed = new VariantAssignment.Assignment(experiment.id(), chosen.id(), chosen);
		}
		String recorded = this.ledger.assign(experiment.id(), customerId, hashed.variantId(), this.clock.instant());
		if (recorded.equals(hashed.variantId())) {
			return hashed;
		}
		if (Experiment.HOLDOUT.equals(recorded)) {
			return new VariantAssignment.Assignment(experiment.id(), Experiment.HOLDOUT, null);
		}
		return experiment.variants()
			.stream()
			.filter((variant) -> variant.id().equals(recorded))
			.findFirst()
			.map((variant) -> new VariantAssignment.Assignment(experiment.id(), variant.id(), variant))
			// a variant removed from the configuration: the hash decides again, the ledger keeps the first
			.orElse(hashed);
	}

}
