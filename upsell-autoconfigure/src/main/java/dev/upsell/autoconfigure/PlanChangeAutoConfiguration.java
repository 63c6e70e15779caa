package dev.upsell.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.OfferCreation;
import dev.upsell.offer.OfferSettlement;
import dev.upsell.offer.OfferTransitions;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.plan.PlanOffers;

/**
 * Auto-configures the {@link PlanChangeService} with the merchant's billing policy and quote key from the
 * properties, and
 * {@link PlanOffers} when offers are configured.
 */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@ConditionalOnBean(DodoClient.class)
public final class PlanChangeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OfferTransitions.class)
	PlanOffers planOffers(OfferTransitions transitions, OfferCreation creation, OfferSettlement settlement) {
		return new PlanOffers(transitions, creation, settlement);
	}

	@Bean
	@ConditionalOnMissingBean
	PlanChangeService planChangeService(DodoClient dodo, UpsellProperties properties, ApplicationEventPublisher events,
			ObjectProvider<PlanOffers> offers, ObjectProvider<Clock> clock, DodoConnectionDetails connection) {
		UpsellProperties.PlanChange planChange = properties.planChange();
		return new PlanChangeService(dodo, PlanChangePolicies.of(planChange), events, offers.getIfAvailable(),
				clock.getIfAvailable(Clock::systemUTC), planChange.quoteTtl(),
				QuoteKeys.of(planChange.quoteSecret(), properties.webhook().secrets(connection.webhookSecret()),
						connection.apiKey()));
	}

}
