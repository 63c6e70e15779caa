package dev.upsell.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.OfferService;
import dev.upsell.plan.PlanChangeObserver;
import dev.upsell.plan.PlanChangeService;

/** Auto-configures the {@link PlanChangeService} with the default proration mode from the properties. */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@ConditionalOnBean(DodoClient.class)
public final class PlanChangeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PlanChangeService planChangeService(DodoClient dodo, UpsellProperties properties,
			ObjectProvider<PlanChangeObserver> observers, ObjectProvider<OfferService> offers,
			ObjectProvider<Clock> clock) {
		return new PlanChangeService(dodo, properties.planChange().prorationMode(),
				(outcome) -> observers.orderedStream().forEach((observer) -> observer.onPlanChange(outcome)),
				offers.getIfAvailable(), clock.getIfAvailable(Clock::systemUTC), properties.planChange().quoteTtl());
	}

}
