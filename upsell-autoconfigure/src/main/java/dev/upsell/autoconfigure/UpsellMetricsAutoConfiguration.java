package dev.upsell.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.Upsell;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.funnel.Funnels;
import dev.upsell.metrics.ExperimentReadout;
import dev.upsell.metrics.UpsellEndpoint;
import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.metrics.internal.FulfilmentMeters;
import dev.upsell.metrics.internal.CancellationRecorder;
import dev.upsell.metrics.internal.ExperimentMeters;
import dev.upsell.metrics.internal.RetentionMetrics;
import dev.upsell.metrics.internal.RetentionReadout;
import dev.upsell.metrics.internal.UpsellFunnel;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.retention.RetentionService;

/**
 * Auto-configures {@link UpsellMetrics} on the host's {@link MeterRegistry} (Prometheus, OTLP, Datadog, …),
 * and the {@code upsell} actuator endpoint when actuator is present. No registry, no meters, no errors;
 * {@code dodo.upsell.metrics.enabled=false} turns them off.
 */
@AutoConfiguration(after = { OfferAutoConfiguration.class, RetentionAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(name = "dodo.upsell.metrics.enabled", matchIfMissing = true)
public final class UpsellMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UpsellMetrics upsellMetrics(MeterRegistry registry) {
		return new UpsellMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetentionService.class)
	RetentionMetrics retentionMetrics(MeterRegistry registry) {
		return new RetentionMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(FulfilmentOutbox.class)
	FulfilmentMeters fulfilmentMeters(FulfilmentOutbox outbox, MeterRegistry registry) {
		return new FulfilmentMeters(outbox).bindTo(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Upsell.class)
	ExperimentMeters experimentMeters(Upsell upsell, ObjectProvider<Funnels> funnels, MeterRegistry registry,
			ObjectProvider<Clock> clock) {
		Funnels all = funnels.getIfAvailable(() -> new ConfiguredFunnels(new ConfiguredOfferRules(List.of()), List.of()));
		return new ExperimentMeters(readout(upsell, all), clock.getIfAvailable(Clock::systemUTC)).bindTo(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Upsell.class)
	CancellationRecorder cancellationRecorder(Upsell upsell, ObjectProvider<Clock> clock) {
		return new CancellationRecorder(upsell.experiments(), clock.getIfAvailable(Clock::systemUTC));
	}

	/** The readout of every experiment: the funnels' steps', the order bumps' and the triggered offers'. */
	static ExperimentReadout readout(Upsell upsell, Funnels funnels) {
		List<ExperimentReadout.Placement> others = new java.util.ArrayList<>();
		upsell.orderBumps().bumps().stream().filter((bump) -> bump.experiment() != null)
			.forEach((bump) -> others.add(new ExperimentReadout.Placement(bump.id(), bump.id(), bump.experiment())));
		upsell.triggeredOffers().triggers().stream().filter((trigger) -> trigger.experiment() != null)
			.forEach((trigger) -> others.add(new ExperimentReadout.Placement(trigger.id(), trigger.id(),
					trigger.experiment())));
		return new ExperimentReadout(upsell.experiments(), funnels, others);
	}

	/**
	 * The endpoint, only with actuator: the availability condition sits on the bean, behind the class condition,
	 * because its own class is actuator's and a host without actuator could not even evaluate it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class UpsellEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(UpsellEndpoint.class)
		UpsellEndpoint upsellEndpoint(MeterRegistry registry, ObjectProvider<Funnels> funnels,
				ObjectProvider<OrphanPayments> orphans, ObjectProvider<FulfilmentOutbox> deliveries,
				ObjectProvider<RetentionService> retention, ObjectProvider<Upsell> upsell) {
			Funnels all = funnels.getIfAvailable(() -> new ConfiguredFunnels(new ConfiguredOfferRules(List.of()), List.of()));
			UpsellEndpoint endpoint = new UpsellEndpoint(new UpsellFunnel(registry, all), orphans.getIfAvailable(),
					upsell.getIfAvailable() != null ? readout(upsell.getObject(), all) : null);
			deliveries.ifAvailable(endpoint::withDeliveries);
			retention.ifAvailable((flows) -> endpoint.withRetention(new RetentionReadout(flows)));
			return endpoint;
		}

	}

}
