package dev.upsell.autoconfigure;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

import dev.upsell.offer.OfferService;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.retention.RetentionService;
import dev.upsell.web.ReactiveCustomerIdResolver;
import dev.upsell.bump.OrderBumps;
import dev.upsell.trigger.TriggeredOffers;
import dev.upsell.web.internal.ReactiveOrderBumpController;
import dev.upsell.web.internal.ReactiveMomentController;
import dev.upsell.web.internal.ReactiveOfferController;
import dev.upsell.web.internal.ReactivePlanChangeController;
import dev.upsell.web.internal.ReactiveRetentionController;
import dev.upsell.web.internal.ReactiveUpsellProblemHandler;

/**
 * Auto-configures the {@code /upsell} endpoints of WebFlux hosts when the host provides a
 * {@link ReactiveCustomerIdResolver}, as {@link OfferWebAutoConfiguration} does for Spring MVC hosts with a
 * {@code CustomerIdResolver}. Turned off with {@code dodo.upsell.web.enabled=false}.
 */
@AutoConfiguration(after = { OfferAutoConfiguration.class, PlanChangeAutoConfiguration.class,
		RetentionAutoConfiguration.class,
		TriggeredOfferAutoConfiguration.class, OrderBumpAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ DispatcherHandler.class, Mono.class })
@ConditionalOnBean({ ReactiveCustomerIdResolver.class, OfferService.class })
@ConditionalOnProperty(name = "dodo.upsell.web.enabled", matchIfMissing = true)
public final class ReactiveOfferWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OrderBumps.class)
	ReactiveOrderBumpController reactiveOrderBumpController(OrderBumps bumps, ReactiveCustomerIdResolver customers) {
		return new ReactiveOrderBumpController(bumps, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TriggeredOffers.class)
	ReactiveMomentController reactiveMomentController(TriggeredOffers triggered, ReactiveCustomerIdResolver customers) {
		return new ReactiveMomentController(triggered, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveOfferController reactiveOfferController(OfferService offers, ReactiveCustomerIdResolver customers) {
		return new ReactiveOfferController(offers, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetentionService.class)
	ReactiveRetentionController reactiveRetentionController(RetentionService retention,
			ReactiveCustomerIdResolver customers) {
		return new ReactiveRetentionController(retention, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PlanChangeService.class)
	ReactivePlanChangeController reactivePlanChangeController(PlanChangeService plans,
			ReactiveCustomerIdResolver customers, UpsellProperties properties) {
		return new ReactivePlanChangeController(plans, customers,
				PlanChangePolicies.customerChoices(properties.planChange()));
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveUpsellProblemHandler reactiveUpsellProblemHandler() {
		return new ReactiveUpsellProblemHandler();
	}

}
