package dev.upsell.trigger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.funnel.Experiment;

/**
 * An offer shown when the host (or a Dodo event) says a moment has come.
 * <p>
 * Plan-change kinds change the customer's subscription after a preview: {@link OfferKind#PLAN_UPGRADE} and
 * {@link OfferKind#PLAN_DOWNGRADE} to {@code productId}; {@link OfferKind#ANNUAL_SWITCH} to {@code productId} (the same
 * plan billed yearly), shown with what a year costs on the current plan; {@link OfferKind#ADD_ON} adds
 * {@code addSeats} seats and the {@code addons} to the current plan. Other kinds sell {@code productId} on the saved
 * card, like a post-purchase offer.
 *
 * @param id stable id; the {@code offer} metric tag and the offers' rule id
 * @param moment the moment's name: {@code renewal} (Dodo's {@code subscription.renewed}), or the host's own, e.g.
 * {@code credits-low}
 * @param kind what it sells
 * @param productId the product or plan offered; {@code null} for {@link OfferKind#ADD_ON}
 * @param quantity how many, for a product on the saved card
 * @param addSeats for {@link OfferKind#ADD_ON}: seats added to the subscription's quantity
 * @param addons for {@link OfferKind#ADD_ON}: add-on id to the number added
 * @param plans shown only to subscribers of these plans; empty for everyone
 * @param cooldown how long after one is shown before this offer shows again to the same customer
 * @param maxPerPeriod at most this many shown to one customer per {@code period}
 * @param period the period of the cap
 * @param discount a Dodo discount it carries, if any
 * @param chargeWith how a product on the saved card is charged
 * @param experiment a split test of the offer (a holdout shown nothing, variants with their own text or product),
 * if any
 */
public record OfferTrigger(String id, String moment, OfferKind kind, @Nullable String productId, int quantity,
		int addSeats, Map<String, Integer> addons, List<String> plans, Duration cooldown, int maxPerPeriod,
		Duration period, @Nullable OfferDiscount discount, ChargeMethod chargeWith, @Nullable Experiment experiment) {

	/**
	 * Checks the trigger.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public OfferTrigger {
		if (id == null || id.isBlank() || moment == null || moment.isBlank()) {
			throw new IllegalArgumentException("A triggered offer needs an id and a moment");
		}
		if (kind == OfferKind.DOWNSELL) {
			throw new IllegalArgumentException("Triggered offer " + id + ": a downsell follows a declined offer");
		}
		if (kind == OfferKind.ADD_ON) {
			if (addSeats < 0 || (addSeats == 0 && addons.isEmpty())) {
				throw new IllegalArgumentException("Triggered offer " + id + " adds seats or add-ons");
			}
		}
		else if (productId == null || productId.isBlank()) {
			throw new IllegalArgumentException("Triggered offer " + id + " needs a product");
		}
		if (quantity < 1 || maxPerPeriod < 1 || cooldown.isNegative() || period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("Triggered offer " + id
					+ ": quantity and max-per-period are at least 1, cooldown at least 0, period more than 0");
		}
		addons = Map.copyOf(addons);
		plans = List.copyOf(plans);
	}

	/**
	 * A trigger without an experiment.
	 * @param id the id
	 * @param moment the moment
	 * @param kind what it sells
	 * @param productId the product or plan
	 * @param quantity how many
	 * @param addSeats seats added
	 * @param addons add-ons added
	 * @param plans the plans whose subscribers see it
	 * @param cooldown the cooldown
	 * @param maxPerPeriod the cap
	 * @param period the cap's period
	 * @param discount a discount, if any
	 * @param chargeWith how a product is charged
	 */
	public OfferTrigger(String id, String moment, OfferKind kind, @Nullable String productId, int quantity,
			int addSeats, Map<String, Integer> addons, List<String> plans, Duration cooldown, int maxPerPeriod,
			Duration period, @Nullable OfferDiscount discount, ChargeMethod chargeWith) {
		this(id, moment, kind, productId, quantity, addSeats, addons, plans, cooldown, maxPerPeriod, period, discount,
				chargeWith, null);
	}

	/**
	 * A trigger with the defaults: shown once a week at most, three times in 90 days.
	 * @param id the id
	 * @param moment the moment
	 * @param kind what it sells
	 * @param productId the product or plan
	 * @return the trigger
	 */
	public static OfferTrigger of(String id, String moment, OfferKind kind, String productId) {
		return new OfferTrigger(id, moment, kind, productId, 1, 0, Map.of(), List.of(), Duration.ofDays(7), 3,
				Duration.ofDays(90), null, ChargeMethod.ONE_TIME_PAYMENT);
	}

}
