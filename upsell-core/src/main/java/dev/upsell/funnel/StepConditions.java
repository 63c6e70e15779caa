package dev.upsell.funnel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.PurchaseContext;

/**
 * Who may see a funnel step, from the purchase that triggered it ({@link PurchaseContext}: its order total and
 * products, the buyer's billing country, the host's attributes) and what the customer owns. Every condition
 * set must hold; an unset condition always holds.
 *
 * @param orderTotalMin the order total must be at least this (minor units)
 * @param orderTotalMax the order total must be at most this (minor units)
 * @param orderContains the order must contain every one of these products
 * @param countries the buyer's billing country must be one of these (ISO 3166 alpha-2)
 * @param owns the customer must own every one of these products
 * @param notOwns the customer must own none of these products
 * @param attributes each of the purchase's attributes named here must have exactly this value (e.g. a
 * {@code segment} the host sets)
 */
public record StepConditions(@Nullable Long orderTotalMin, @Nullable Long orderTotalMax, List<String> orderContains,
		List<String> countries, List<String> owns, List<String> notOwns, Map<String, String> attributes) {

	/** No condition: everyone sees the step. */
	public static final StepConditions NONE = new StepConditions(null, null, List.of(), List.of(), List.of(), List.of(),
			Map.of());

	/** Copies the lists. */
	public StepConditions {
		orderContains = List.copyOf(orderContains);
		countries = countries.stream().map((country) -> country.toUpperCase(Locale.ROOT)).toList();
		owns = List.copyOf(owns);
		notOwns = List.copyOf(notOwns);
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Whether a customer with this purchase may see the step. A condition on a fact the purchase does not carry
	 * (no order total, no country) does not hold.
	 * @param purchase the purchase's attributes ({@link PurchaseContext#attributes()})
	 * @param owned whether the customer owns a product
	 * @return whether every condition holds
	 */
	public boolean test(Map<String, String> purchase, Predicate<String> owned) {
		if (this.orderTotalMin != null || this.orderTotalMax != null) {
			Long total = PurchaseContext.orderTotalOf(purchase);
			if (total == null || (this.orderTotalMin != null && total < this.orderTotalMin)
					|| (this.orderTotalMax != null && total > this.orderTotalMax)) {
				return false;
			}
		}
		if (!this.orderContains.isEmpty()) {
			List<String> products = Arrays.asList(purchase.getOrDefault(PurchaseContext.ORDER_PRODUCTS, "").split(","));
			if (!products.containsAll(this.orderContains)) {
				return false;
			}
		}
		if (!this.countries.isEmpty()) {
			String country = purchase.get(PurchaseContext.BILLING_COUNTRY);
			if (country == null || !this.countries.contains(country.toUpperCase(Locale.ROOT))) {
				return false;
			}
		}
		for (Map.Entry<String, String> attribute : this.attributes.entrySet()) {
			if (!attribute.getValue().equals(purchase.get(attribute.getKey()))) {
				return false;
			}
		}
		return this.owns.stream().allMatch(owned) && this.notOwns.stream().noneMatch(owned);
	}

}
