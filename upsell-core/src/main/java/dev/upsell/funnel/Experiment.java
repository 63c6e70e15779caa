package dev.upsell.funnel;

import java.util.List;

/**
 * A split test of one step's offer. Each customer is assigned once and for good (a hash of the experiment's and the
 * customer's ids, kept in the store's record of the customer): a share {@code holdout} is shown no offer at all, the
 * rest one variant by weight, or by Thompson sampling when {@code adaptive}.
 *
 * @param id the experiment's id (part of the assignment hash: a new id reshuffles customers)
 * @param holdout the share of customers shown no offer, from 0 (none) to below 1
 * @param variants the variants; the first is the control
 * @param adaptive whether new customers are allocated by Thompson sampling over the variants' conversion so far (a
 * bandit: more customers see the better variant as it shows), each kept in their variant through the store, instead
 * of by the fixed weights
 * @param minExplorationShare for an adaptive experiment: the share of new customers each variant keeps whatever the
 * results (so a variant unlucky early can still show its worth)
 */
public record Experiment(String id, double holdout, List<Variant> variants, boolean adaptive,
		double minExplorationShare) {

	/**
	 * A split by fixed weights.
	 * @param id the id
	 * @param holdout the holdout share
	 * @param variants the variants, the control first
	 */
	public Experiment(String id, double holdout, List<Variant> variants) {
		this(id, holdout, variants, false, 0);
	}

	/** The variant id recorded for held-out customers. */
	public static final String HOLDOUT = "holdout";

	/** Copies the variants. */
	public Experiment {
		variants = List.copyOf(variants);
		if (adaptive && (minExplorationShare < 0 || minExplorationShare * variants.size() >= 1)) {
			throw new IllegalArgumentException("Experiment " + id + ": the minimum exploration share per variant must be"
					+ " at least 0 and below 1 / " + variants.size() + ", not " + minExplorationShare);
		}
	}

	/** The control: the first variant. */
	public Variant control() {
		return this.variants.get(0);
	}

}
