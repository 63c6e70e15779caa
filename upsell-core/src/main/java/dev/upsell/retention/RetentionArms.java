package dev.upsell.retention;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;

/**
 * Which offer a customer on the way out sees, and in which arm of the retention experiment: held out (no offer), one
 * of the offers split evenly, or the first that applies. Sticky per customer and the same on every instance: the
 * assignment hashes {@link RetentionSettings#EXPERIMENT_ID} with the customer's id, as funnel experiments do.
 */
final class RetentionArms {

	/** The arm of customers in the experiment, not held out, for whom no offer applied. */
	static final String NO_OFFER = "none";

	private RetentionArms() {
	}

	/**
	 * Chooses the offer and the arm.
	 * @param settings the holdout and the split
	 * @param customerId the customer
	 * @param eligible the offers answering the reason that pass the guards, in order
	 * @return the choice
	 */
	static Choice choose(RetentionSettings settings, String customerId, List<RetentionOffer> eligible) {
		if (!settings.experimenting()) {
			return new Choice(eligible.isEmpty() ? null : eligible.get(0), null);
		}
		// every flow of the customer is assigned, offer or not: the holdout's share stays what was configured
		List<Variant> arms = (settings.splitOffers() && !eligible.isEmpty())
				? eligible.stream().map((offer) -> new Variant(offer.id(), 1, null, null, null)).toList()
				: List.of(new Variant("offered", 1, null, null, null));
		VariantAssignment.Assignment assignment = VariantAssignment
			.assign(new Experiment(RetentionSettings.EXPERIMENT_ID, settings.holdout(), arms), customerId);
		if (assignment.heldOut()) {
			return new Choice(null, RetentionFlow.HOLDOUT);
		}
		if (eligible.isEmpty()) {
			// treated, with nothing to show: counted beside the offers, so treated and held out compare like for like
			return new Choice(null, NO_OFFER);
		}
		RetentionOffer offer = settings.splitOffers() ? settings.offer(assignment.variantId()) : eligible.get(0);
		return new Choice(offer, offer.id());
	}

	/**
	 * The offer to show and the arm.
	 *
	 * @param offer the offer, or {@code null} for none
	 * @param variant {@link RetentionFlow#HOLDOUT}, the offer's id, {@code none} (in the experiment, nothing applied),
	 * or {@code null} outside an experiment
	 */
	record Choice(@Nullable RetentionOffer offer, @Nullable String variant) {
	}

}
