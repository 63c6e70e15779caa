package dev.upsell.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.upsell.Upsell;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.plan.PlanOffers;

/**
 * Exposes the {@link PlanChangeService} of the {@link Upsell} the starter builds, with the merchant's billing
 * policy and quote key from the properties (mapped by {@link UpsellPropertiesMapper}), and its {@link PlanOffers}
 * (plan change prompts tracked as offers).
 */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@ConditionalOnBean(Upsell.class)
public final class PlanChangeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PlanChangeService planChangeService(Upsell upsell) {
		return upsell.planChanges();
	}

	@Bean
	@ConditionalOnMissingBean
	PlanOffers planOffers(Upsell upsell) {
		return upsell.planOffers();
	}

}
