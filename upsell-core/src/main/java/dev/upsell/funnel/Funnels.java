package dev.upsell.funnel;

import java.util.List;
import java.util.Optional;

import dev.upsell.funnel.internal.FunnelValidation;

/**
 * The source of {@link Funnel}s. By default: {@code dodo.upsell.offers.funnels[]} plus each
 * {@code OfferRules} rule as a one-step funnel ({@link ConfiguredFunnels}); declare a bean of this type to take
 * them from elsewhere (e.g. the host's database), validating them with {@link FunnelValidation}.
 */
public interface Funnels {

	/**
	 * The funnels a purchase starts.
	 * @param purchasedProductId the product bought
	 * @return the funnels, in order
	 */
	List<Funnel> triggeredBy(String purchasedProductId);

	/**
	 * A funnel by id.
	 * @param id the funnel id (an offer's rule id)
	 * @return the funnel, if it exists
	 */
	Optional<Funnel> find(String id);

	/**
	 * Every funnel (for metrics and the actuator endpoint).
	 * @return the funnels
	 */
	List<Funnel> all();

}
