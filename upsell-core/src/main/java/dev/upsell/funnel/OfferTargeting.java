package dev.upsell.funnel;

import java.util.Map;

/**
 * The host's say in who sees a funnel step, beyond the declarative {@link StepConditions}: declare a bean to
 * decide from anything (a CRM segment, a fraud score, a feature flag). Asked after the step's own conditions
 * hold; a step it refuses is skipped as if declined.
 */
@FunctionalInterface
public interface OfferTargeting {

	/**
	 * Whether the customer may see the step.
	 * @param customerId the Dodo customer
	 * @param funnel the funnel
	 * @param step the step about to be shown
	 * @param purchase the triggering purchase's attributes
	 * @return whether to show it
	 */
	boolean mayShow(String customerId, Funnel funnel, FunnelStep step, Map<String, String> purchase);

	/**
	 * Targeting that shows every step (the default).
	 * @return the targeting
	 */
	static OfferTargeting everyone() {
		return (customerId, funnel, step, purchase) -> true;
	}

}
