package dev.upsell.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The source of {@link OfferRule}s. By default they come from {@code dodo.upsell.offers.rules[]}; declare a
 * bean of this type to take them from anywhere else (e.g. the host's database).
 */
public interface OfferRules {

	/**
	 * The rules triggered by buying a product.
	 * @param purchasedProductId the product bought
	 * @return the rules, in order; empty when nothing follows this purchase
	 */
	List<OfferRule> triggeredBy(String purchasedProductId);

	/**
	 * A rule by id.
	 * @param id the rule id
	 * @return the rule, if it exists
	 */
	Optional<OfferRule> find(String id);

	/**
	 * Every rule (for metrics and the actuator endpoint).
	 * @return the rules
	 */
	List<OfferRule> all();

}
