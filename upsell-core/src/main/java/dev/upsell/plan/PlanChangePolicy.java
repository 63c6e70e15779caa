package dev.upsell.plan;

import dev.upsell.dodo.ProrationMode;

/**
 * The merchant's billing terms per direction of a plan change ({@code dodo.upsell.plan-change.upgrade},
 * {@code .downgrade}, {@code .same-price}). {@link PlanChangeService} applies them to every option the caller
 * leaves {@code null}; the {@code /upsell} endpoints leave every billing option {@code null} unless the host lets
 * customers choose named values, so nothing a browser sends decides how a change is billed.
 *
 * @param upgrade terms of a change to a plan that costs more per period
 * @param downgrade terms of a change to a plan that costs less per period
 * @param samePrice terms of a change between plans of the same price
 * @param collectViaPaymentLink whether a change's payment that needs the customer (3-D Secure, no usable card)
 * is collected through a Dodo payment link ({@code collect_via_payment_link}; needs the business capability), or,
 * by default, completed with the {@code client_secret} in Dodo's checkout SDK
 */
public record PlanChangePolicy(PlanChangeTerms upgrade, PlanChangeTerms downgrade, PlanChangeTerms samePrice,
		boolean collectViaPaymentLink) {

	/**
	 * A policy that completes payments with the client secret.
	 * @param upgrade terms of an upgrade
	 * @param downgrade terms of a downgrade
	 * @param samePrice terms of a change at the same price
	 */
	public PlanChangePolicy(PlanChangeTerms upgrade, PlanChangeTerms downgrade, PlanChangeTerms samePrice) {
		this(upgrade, downgrade, samePrice, false);
	}

	/**
	 * One set of terms for every direction: bill now in {@code mode}, keep the old plan if the charge fails.
	 * @param mode the proration mode
	 * @return the policy
	 */
	public static PlanChangePolicy uniform(ProrationMode mode) {
		PlanChangeTerms terms = PlanChangeTerms.immediately(mode);
		return new PlanChangePolicy(terms, terms, terms);
	}

	/**
	 * The terms of a change in this direction.
	 * @param direction which way the change goes
	 * @return its terms
	 */
	public PlanChangeTerms terms(Direction direction) {
		return switch (direction) {
			case UPGRADE -> this.upgrade;
			case DOWNGRADE -> this.downgrade;
			case SAME_PRICE -> this.samePrice;
		};
	}

}
