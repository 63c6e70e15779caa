package dev.upsell.plan;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;

/**
 * How one kind of plan change is billed: the merchant's terms, never the customer's choice unless the host lets
 * them choose.
 *
 * @param prorationMode how the change is billed
 * @param effectiveAt now, or at the next billing date (Dodo accepts that only with {@code full_immediately})
 * @param onPaymentFailure keep the old plan ({@code prevent_change}) or change anyway ({@code apply_change}) when
 * the charge fails
 */
public record PlanChangeTerms(ProrationMode prorationMode, EffectiveAt effectiveAt, OnPaymentFailure onPaymentFailure) {

	/** Refuses what Dodo refuses: {@code next_billing_date} with a mode other than {@code full_immediately}. */
	public PlanChangeTerms {
		if (effectiveAt == EffectiveAt.NEXT_BILLING_DATE && prorationMode != ProrationMode.FULL_IMMEDIATELY) {
			throw new IllegalArgumentException("effective-at next-billing-date needs proration-mode full-immediately "
					+ "(Dodo refuses any other mode with it), not " + prorationMode.wireValue());
		}
	}

	/**
	 * Terms that bill now in {@code mode}, keeping the old plan when the charge fails.
	 * @param mode the proration mode
	 * @return the terms
	 */
	public static PlanChangeTerms immediately(ProrationMode mode) {
		return new PlanChangeTerms(mode, EffectiveAt.IMMEDIATELY, OnPaymentFailure.PREVENT_CHANGE);
	}

}
