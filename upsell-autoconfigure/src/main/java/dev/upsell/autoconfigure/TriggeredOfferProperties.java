package dev.upsell.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.trigger.OfferTrigger;

/**
 * Offers shown at a moment of the host's choosing, under {@code dodo.upsell.triggered}.
 *
 * @param offers The offers and the moments they are shown at.
 */
@ConfigurationProperties("dodo.upsell.triggered")
public record TriggeredOfferProperties(@DefaultValue List<Offer> offers) {

	/**
	 * The core's triggers.
	 * @return the triggers
	 * @throws IllegalArgumentException naming an offer that does not fit
	 */
	public List<OfferTrigger> triggers() {
		return this.offers.stream().map(Offer::trigger).toList();
	}

	/**
	 * One triggered offer.
	 *
	 * @param id Stable id: the 'offer' metric tag and the offers' rule id.
	 * @param moment The moment: 'renewal' (Dodo's subscription.renewed) or the host's own name, e.g. 'credits-low'.
	 * @param kind plan-upgrade, plan-downgrade, annual-switch, add-on (plan changes, previewed), or upsell,
	 * cross-sell, subscription (a product on the saved card).
	 * @param product The product or plan offered (not for add-on).
	 * @param quantity How many of a product on the saved card.
	 * @param addSeats For add-on: seats added to the subscription's quantity.
	 * @param addons For add-on: add-on id to the number added.
	 * @param plans Shown only to subscribers of these plans; empty for everyone.
	 * @param cooldown How long after it is shown before it shows again to the same customer.
	 * @param maxPerPeriod At most this many shown to one customer per period.
	 * @param period The period of the cap.
	 * @param discount A Dodo discount the offer carries.
	 * @param chargeWith How a product on the saved card is charged.
	 * @param experiment A split test of the offer (its holdout shown nothing; variants' text or product).
	 */
	public record Offer(@Nullable String id, @Nullable String moment, @DefaultValue("plan-upgrade") Kind kind,
			@Nullable String product, @DefaultValue("1") int quantity, @DefaultValue("0") int addSeats,
			@DefaultValue Map<String, Integer> addons, @DefaultValue List<String> plans,
			@DefaultValue("7d") Duration cooldown, @DefaultValue("3") int maxPerPeriod,
			@DefaultValue("90d") Duration period, FunnelProperties.@Nullable DiscountProperties discount,
			@DefaultValue("one-time-payment") ChargeMethod chargeWith,
			FunnelProperties.@Nullable ExperimentProperties experiment) {

		OfferTrigger trigger() {
			return new OfferTrigger(this.id, this.moment, this.kind.offerKind, this.product, this.quantity, this.addSeats,
					this.addons, this.plans, this.cooldown, this.maxPerPeriod, this.period,
					(this.discount != null) ? this.discount.toDiscount() : null, this.chargeWith,
					(this.experiment != null) ? this.experiment.toExperiment() : null);
		}

	}

	/** What a triggered offer sells. */
	public enum Kind {

		/** A move to a higher plan. */
		PLAN_UPGRADE(OfferKind.PLAN_UPGRADE),

		/** A move to a lower plan. */
		PLAN_DOWNGRADE(OfferKind.PLAN_DOWNGRADE),

		/** The same plan billed yearly. */
		ANNUAL_SWITCH(OfferKind.ANNUAL_SWITCH),

		/** More seats or add-ons. */
		ADD_ON(OfferKind.ADD_ON),

		/** A product on the saved card. */
		UPSELL(OfferKind.UPSELL),

		/** Something that goes with what the customer has, on the saved card. */
		CROSS_SELL(OfferKind.CROSS_SELL),

		/** A subscription, for a customer who bought once. */
		SUBSCRIPTION(OfferKind.SUBSCRIPTION);

		private final OfferKind offerKind;

		Kind(OfferKind offerKind) {
			this.offerKind = offerKind;
		}

	}

}
