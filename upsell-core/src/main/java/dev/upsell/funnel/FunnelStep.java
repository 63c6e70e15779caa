package dev.upsell.funnel;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;

/**
 * One step of a {@link Funnel}: the offer it makes, who may see it, and where the funnel goes next.
 *
 * @param id the step's id, unique in its funnel
 * @param productId the product offered (a variant may offer another)
 * @param kind upsell, cross-sell or downsell
 * @param quantity how many are offered
 * @param chargeWith how acceptance charges the saved card
 * @param onAccept the step shown when this step's offer is accepted, if any
 * @param onDecline the step shown when it is declined, or when this step is not shown to the customer
 * @param when who may see the step
 * @param experiment a split test of the step's offer, if any
 * @param discount the Dodo discount the step's offer carries, if any
 */
public record FunnelStep(String id, String productId, OfferKind kind, int quantity, ChargeMethod chargeWith,
		@Nullable String onAccept, @Nullable String onDecline, StepConditions when, @Nullable Experiment experiment,
		@Nullable OfferDiscount discount) {

	/**
	 * A step without a discount.
	 * @param id the step's id
	 * @param productId the product offered
	 * @param kind upsell, cross-sell or downsell
	 * @param quantity how many are offered
	 * @param chargeWith how acceptance charges the saved card
	 * @param onAccept the step after an accept
	 * @param onDecline the step after a decline
	 * @param when who may see the step
	 * @param experiment a split test, if any
	 */
	public FunnelStep(String id, String productId, OfferKind kind, int quantity, ChargeMethod chargeWith,
			@Nullable String onAccept, @Nullable String onDecline, StepConditions when,
			@Nullable Experiment experiment) {
		this(id, productId, kind, quantity, chargeWith, onAccept, onDecline, when, experiment, null);
	}

	/**
	 * The step as an offer rule of its funnel: what creating its offer needs (the funnel's id, the quantity).
	 * @param funnel the funnel
	 * @return the rule
	 */
	public OfferRule asRule(Funnel funnel) {
		return new OfferRule(funnel.id(), funnel.triggerProduct(), this.productId, this.kind, this.quantity, null,
				this.chargeWith);
	}

}
