package dev.upsell.autoconfigure;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;

/**
 * One funnel under {@code dodo.upsell.offers.funnels[]}: the steps shown one at a time after buying
 * {@code trigger-product}, and the caps per order. Every key is described in the configuration metadata.
 *
 * @param id Stable id of the funnel; the 'offer' metric tag and the offers' rule id.
 * @param triggerProduct Dodo product whose purchase starts the funnel.
 * @param maxAcceptedPerOrder At most this many offers accepted for one order; then no further step is shown.
 * @param maxStepsShown At most this many of this funnel's steps shown for one order.
 * @param steps The steps; the first is shown after the purchase.
 */
public record FunnelProperties(@Nullable String id, @Nullable String triggerProduct,
		@DefaultValue("3") int maxAcceptedPerOrder, @DefaultValue("5") int maxStepsShown,
		@DefaultValue List<Step> steps) {

	/**
	 * The funnel, not yet validated.
	 * @return the funnel
	 */
	public Funnel toFunnel() {
		return new Funnel(this.id, this.triggerProduct, this.steps.stream().map(Step::toStep).toList(),
				this.maxAcceptedPerOrder, this.maxStepsShown);
	}

	/**
	 * One step.
	 *
	 * @param id The step's id, unique in its funnel; on-accept and on-decline name it.
	 * @param offerProduct Dodo product offered.
	 * @param kind upsell, cross-sell, downsell or subscription (a subscription product for a one-time buyer).
	 * @param quantity How many are offered.
	 * @param chargeWith How acceptance charges the saved card.
	 * @param onAccept The step shown when this step's offer is accepted.
	 * @param onDecline The step shown when it is declined, or when this step is not shown to the customer.
	 * @param when Who may see the step; every condition set must hold.
	 * @param experiment A split test of the step's offer.
	 * @param discount A Dodo discount the step's offer carries: a dashboard code, or a share off with a single-use code made per offer.
	 */
	public record Step(@Nullable String id, @Nullable String offerProduct, @DefaultValue("upsell") StepKind kind,
			@DefaultValue("1") int quantity, @DefaultValue("checkout-session") ChargeMethod chargeWith,
			@Nullable String onAccept, @Nullable String onDecline, @DefaultValue Conditions when,
			@Nullable ExperimentProperties experiment, @Nullable DiscountProperties discount) {

		FunnelStep toStep() {
			return new FunnelStep(this.id, this.offerProduct, this.kind.offerKind(), this.quantity, this.chargeWith,
					blankToNull(this.onAccept), blankToNull(this.onDecline), this.when.toConditions(),
					(this.experiment != null) ? this.experiment.toExperiment() : null,
					(this.discount != null) ? this.discount.toDiscount() : null);
		}

	}

	/**
	 * A Dodo discount on an offer.
	 *
	 * @param code A discount code made on Dodo's dashboard; its limits are Dodo's.
	 * @param percentOff Instead of a code: the share off (1 to 100); each offer gets its own single-use code.
	 * @param cycles For a subscription product, how many billing cycles the code made per offer takes off (all when unset).
	 */
	public record DiscountProperties(@Nullable String code, @DefaultValue("0") int percentOff,
			@Nullable Integer cycles) {

		/**
		 * The discount.
		 * @return the discount
		 * @throws IllegalArgumentException when it names neither a code nor a share, or both
		 */
		public OfferDiscount toDiscount() {
			return new OfferDiscount(this.code, this.percentOff, this.cycles);
		}

	}

	/** An empty {@code on-accept:} or {@code on-decline:} means none, as if left out. */
	private static @Nullable String blankToNull(@Nullable String stepId) {
		return (stepId == null || stepId.isBlank()) ? null : stepId;
	}

	/** What a step sells. */
	public enum StepKind {

		/** A better or bigger version of what was bought. */
		UPSELL(OfferKind.UPSELL),

		/** Something that goes with what was bought. */
		CROSS_SELL(OfferKind.CROSS_SELL),

		/** A cheaper alternative after a declined offer. */
		DOWNSELL(OfferKind.DOWNSELL),

		/** A subscription offered to a one-time buyer, started on the saved card. */
		SUBSCRIPTION(OfferKind.SUBSCRIPTION);

		private final OfferKind offerKind;

		StepKind(OfferKind offerKind) {
			this.offerKind = offerKind;
		}

		/** The offer kind of the step's offers. */
		public OfferKind offerKind() {
			return this.offerKind;
		}

	}

	/**
	 * Who may see a step.
	 *
	 * @param orderTotalMin The order total must be at least this, in minor units (PurchaseContext.withOrder).
	 * @param orderTotalMax The order total must be at most this, in minor units.
	 * @param orderContains The order must contain every one of these products.
	 * @param countries The buyer's billing country must be one of these (ISO 3166 alpha-2).
	 * @param owns The customer must own every one of these products.
	 * @param notOwns The customer must own none of these products.
	 * @param attributes Each named purchase attribute must have exactly this value (PurchaseContext.with).
	 */
	public record Conditions(@Nullable Long orderTotalMin, @Nullable Long orderTotalMax,
			@DefaultValue List<String> orderContains, @DefaultValue List<String> countries,
			@DefaultValue List<String> owns, @DefaultValue List<String> notOwns,
			@DefaultValue Map<String, String> attributes) {

		/**
		 * The core's conditions.
		 * @return the conditions
		 */
		public StepConditions toConditions() {
			return new StepConditions(this.orderTotalMin, this.orderTotalMax, this.orderContains, this.countries,
					this.owns, this.notOwns, this.attributes);
		}

	}

	/**
	 * A split test of a step's offer.
	 *
	 * @param id The experiment's id; with the customer id, it decides each customer's variant.
	 * @param holdout The share of customers shown no offer at all (0 to below 1).
	 * @param variants The variants; the first is the control.
	 * @param adaptive Whether new customers are allocated by Thompson sampling over the variants' conversion so far (a
	 * bandit), each kept in their variant through the store, instead of by the weights.
	 * @param minExplorationShare For an adaptive experiment: the share of new customers each variant keeps whatever the
	 * results.
	 */
	public record ExperimentProperties(@Nullable String id, @DefaultValue("0") double holdout,
			@DefaultValue List<VariantProperties> variants, @DefaultValue("false") boolean adaptive,
			@DefaultValue("0.05") double minExplorationShare) {

		/**
		 * The core's experiment.
		 * @return the experiment
		 */
		public Experiment toExperiment() {
			return new Experiment(this.id, this.holdout,
					this.variants.stream()
						.map((variant) -> new Variant(variant.id(), variant.weight(), variant.offerProduct(),
								variant.amount(), variant.displayText()))
						.toList(),
					this.adaptive, this.minExplorationShare);
		}

	}

	/**
	 * One variant.
	 *
	 * @param id The variant's id; the 'variant' metric tag.
	 * @param weight Its share of exposed customers, relative to the other variants.
	 * @param offerProduct Another product to offer.
	 * @param amount Another price per unit in minor units (pay-what-you-want products only).
	 * @param displayText The text the page shows for the offer.
	 */
	public record VariantProperties(@Nullable String id, @DefaultValue("1") int weight, @Nullable String offerProduct,
			@Nullable Long amount, @Nullable String displayText) {
	}

}
