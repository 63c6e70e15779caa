package dev.upsell.funnel;

import java.util.List;

import dev.upsell.funnel.internal.VariantAssignment;

/**
 * A split test of one step's offer. Each customer is assigned once and for good
 * ({@link VariantAssignment}): a share {@code holdout} is shown no offer at all, the rest one variant by weight.
 *
 * @param id the experiment's id (part of the assignment hash: a new id reshuffles customers)
 * @param holdout the share of customers shown no offer, from 0 (none) to below 1
 * @param variants the variants; the first is the control
 */
public record Experiment(String id, double holdout, List<Variant> variants) {

	/** The variant id recorded for held-out customers. */
	public static final String HOLDOUT = "holdout";

	/** Copies the variants. */
	public Experiment {
		variants = List.copyOf(variants);
	}

	/** The control: the first variant. */
	public Variant control() {
		return this.variants.get(0);
	}

}
