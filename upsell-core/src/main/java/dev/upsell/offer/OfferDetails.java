package dev.upsell.offer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.upsell.checkout.ChargeMethod;

/**
 * What the library decided when it made an offer, as typed values: where the offer sits in its funnel, the
 * experiment and variant it shows, the text the variant shows, how accepting charges it, and how its price was set.
 * {@link Offer#context()} keeps only what the host's purchase said.
 * <p>
 * Stores keep these values beside the purchase's attributes, in the same JSON column, under the keys offers were
 * stored with before they were typed ({@code funnel_step}, {@code experiment}, {@code variant},
 * {@code display_text}, {@code charge_with}, {@code cart_amount}, {@code price_tax_exclusive},
 * {@code price_previewed}): rows written by an earlier version read into these values unchanged, and rows written
 * now read the same in an earlier version, so a rolling upgrade needs no migration.
 *
 * @param funnelStep the funnel step that made the offer; {@code null} for offers made before funnels (see
 * {@link Offer#funnelStep()})
 * @param experiment the experiment the offer is part of, if any
 * @param variant the experiment's variant the customer was assigned, if any
 * @param displayText the text the variant shows for the offer, if any
 * @param chargeWith how accepting charges; {@code null} for offers made before it was kept (the rule's then)
 * @param cartAmount the price per unit sent as the cart line's {@code amount} (a variant's price, a
 * pay-what-you-want product's), if any
 * @param taxExclusive whether Dodo adds tax to the offer's price when charging
 * @param pricePreviewed whether the price is Dodo's checkout preview for the buyer: accepting previews again before
 * it charges
 * @param discountCode the Dodo discount code the offer's price includes and its charge sends, if any
 * @param compareAtPrice what the same would cost the customer without the offer, in the price's minor units: the price
 * without the discount code, or for an annual switch a year of the plan they are on; {@code null} when nothing compares
 */
public record OfferDetails(@Nullable String funnelStep, @Nullable String experiment, @Nullable String variant,
		@Nullable String displayText, @Nullable ChargeMethod chargeWith, @Nullable Long cartAmount, boolean taxExclusive,
		boolean pricePreviewed, @Nullable String discountCode, @Nullable Long compareAtPrice) {

	/** No details: an offer made outside funnels, priced at the product's list price. */
	public static final OfferDetails NONE = new OfferDetails(null, null, null, null, null, null, false, false);

	/**
	 * Details without a discount.
	 * @param funnelStep the funnel step
	 * @param experiment the experiment
	 * @param variant the variant
	 * @param displayText the variant's text
	 * @param chargeWith how accepting charges
	 * @param cartAmount the cart line's amount per unit
	 * @param taxExclusive whether Dodo adds tax
	 * @param pricePreviewed whether the price is Dodo's preview
	 */
	public OfferDetails(@Nullable String funnelStep, @Nullable String experiment, @Nullable String variant,
			@Nullable String displayText, @Nullable ChargeMethod chargeWith, @Nullable Long cartAmount,
			boolean taxExclusive, boolean pricePreviewed) {
		this(funnelStep, experiment, variant, displayText, chargeWith, cartAmount, taxExclusive, pricePreviewed, null,
				null);
	}

	private static final String FUNNEL_STEP = "funnel_step";

	private static final String EXPERIMENT = "experiment";

	private static final String VARIANT = "variant";

	private static final String DISPLAY_TEXT = "display_text";

	private static final String CHARGE_WITH = "charge_with";

	private static final String CART_AMOUNT = "cart_amount";

	private static final String TAX_EXCLUSIVE = "price_tax_exclusive";

	private static final String PRICE_PREVIEWED = "price_previewed";

	private static final String DISCOUNT_CODE = "discount_code";

	private static final String COMPARE_AT_PRICE = "compare_at_price";

	/** The keys the values are stored under, beside the purchase's attributes. */
	public static final Set<String> STORED_KEYS = Set.of(FUNNEL_STEP, EXPERIMENT, VARIANT, DISPLAY_TEXT, CHARGE_WITH,
			CART_AMOUNT, TAX_EXCLUSIVE, PRICE_PREVIEWED, DISCOUNT_CODE, COMPARE_AT_PRICE);

	/**
	 * The details of an offer at a funnel step, before it is priced.
	 * @param funnelStep the step
	 * @param chargeWith how the step charges
	 * @return the details
	 */
	public static OfferDetails atStep(String funnelStep, ChargeMethod chargeWith) {
		return new OfferDetails(funnelStep, null, null, null, chargeWith, null, false, false);
	}

	/**
	 * These details with the experiment's variant the customer was assigned.
	 * @param experiment the experiment
	 * @param variant the variant
	 * @param displayText the text it shows, if any
	 * @return the changed details
	 */
	public OfferDetails inExperiment(String experiment, String variant, @Nullable String displayText) {
		return new OfferDetails(this.funnelStep, experiment, variant, displayText, this.chargeWith, this.cartAmount,
				this.taxExclusive, this.pricePreviewed, this.discountCode, this.compareAtPrice);
	}

	/**
	 * These details with the text the offer shows, outside an experiment.
	 * @param displayText the text
	 * @return the changed details
	 */
	public OfferDetails showing(String displayText) {
		return new OfferDetails(this.funnelStep, this.experiment, this.variant, displayText, this.chargeWith,
				this.cartAmount, this.taxExclusive, this.pricePreviewed, this.discountCode, this.compareAtPrice);
	}

	/**
	 * These details with how the offer was priced.
	 * @param cartAmount the cart line's amount per unit, if one is sent
	 * @param taxExclusive whether Dodo adds tax to the price when charging
	 * @param pricePreviewed whether the price is Dodo's checkout preview
	 * @return the changed details
	 */
	public OfferDetails pricedAt(@Nullable Long cartAmount, boolean taxExclusive, boolean pricePreviewed) {
		return new OfferDetails(this.funnelStep, this.experiment, this.variant, this.displayText, this.chargeWith,
				cartAmount, taxExclusive, pricePreviewed, this.discountCode, this.compareAtPrice);
	}

	/**
	 * These details with the discount code the price includes.
	 * @param code the code
	 * @param priceBefore the price without it, in minor units
	 * @return the changed details
	 */
	public OfferDetails discounted(String code, long priceBefore) {
		return new OfferDetails(this.funnelStep, this.experiment, this.variant, this.displayText, this.chargeWith,
				this.cartAmount, this.taxExclusive, this.pricePreviewed, code, priceBefore);
	}

	/**
	 * These details with what the same would cost without the offer (a year of the current plan, for an annual switch).
	 * @param compareAt the amount, in the price's minor units
	 * @return the changed details
	 */
	public OfferDetails comparedTo(long compareAt) {
		return new OfferDetails(this.funnelStep, this.experiment, this.variant, this.displayText, this.chargeWith,
				this.cartAmount, this.taxExclusive, this.pricePreviewed, this.discountCode, compareAt);
	}

	/**
	 * The details stored under {@link #STORED_KEYS} in a map (a store's JSON column); absent keys are absent values.
	 * @param stored the stored map, purchase attributes beside
	 * @return the details
	 * @throws IllegalArgumentException when a stored value cannot be read (a charge method or amount not known)
	 */
	public static OfferDetails readFrom(Map<String, String> stored) {
		String chargeWith = stored.get(CHARGE_WITH);
		String cartAmount = stored.get(CART_AMOUNT);
		String priceBefore = stored.get(COMPARE_AT_PRICE);
		return new OfferDetails(stored.get(FUNNEL_STEP), stored.get(EXPERIMENT), stored.get(VARIANT),
				stored.get(DISPLAY_TEXT), (chargeWith != null) ? ChargeMethod.fromWireValue(chargeWith) : null,
				(cartAmount != null) ? Long.valueOf(cartAmount) : null, "true".equals(stored.get(TAX_EXCLUSIVE)),
				"true".equals(stored.get(PRICE_PREVIEWED)), stored.get(DISCOUNT_CODE),
				(priceBefore != null) ? Long.valueOf(priceBefore) : null);
	}

	/**
	 * The purchase's attributes with these details beside them, under {@link #STORED_KEYS}: what a store writes.
	 * @param purchase the offer's {@link Offer#context()}
	 * @return one map to store
	 */
	public Map<String, String> storedWith(Map<String, String> purchase) {
		Map<String, String> stored = new LinkedHashMap<>(purchase);
		putIfPresent(stored, FUNNEL_STEP, this.funnelStep);
		putIfPresent(stored, EXPERIMENT, this.experiment);
		putIfPresent(stored, VARIANT, this.variant);
		putIfPresent(stored, DISPLAY_TEXT, this.displayText);
		putIfPresent(stored, CHARGE_WITH, (this.chargeWith != null) ? this.chargeWith.wireValue() : null);
		putIfPresent(stored, CART_AMOUNT, (this.cartAmount != null) ? this.cartAmount.toString() : null);
		putIfPresent(stored, TAX_EXCLUSIVE, this.taxExclusive ? "true" : null);
		putIfPresent(stored, PRICE_PREVIEWED, this.pricePreviewed ? "true" : null);
		putIfPresent(stored, DISCOUNT_CODE, this.discountCode);
		putIfPresent(stored, COMPARE_AT_PRICE,
				(this.compareAtPrice != null) ? this.compareAtPrice.toString() : null);
		return stored;
	}

	/**
	 * A stored map without the details' keys: the purchase's attributes alone.
	 * @param stored the stored map
	 * @return the purchase's attributes
	 */
	public static Map<String, String> purchaseOf(Map<String, String> stored) {
		if (stored.keySet().stream().noneMatch(STORED_KEYS::contains)) {
			return stored;
		}
		Map<String, String> purchase = new HashMap<>(stored);
		purchase.keySet().removeAll(STORED_KEYS);
		return purchase;
	}

	private static void putIfPresent(Map<String, String> map, String key, @Nullable String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
