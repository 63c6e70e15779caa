package dev.upsell.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.upsell.Upsell;
import dev.upsell.UpsellEventPublisher;
import dev.upsell.catalog.OfferRules;
import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.offer.ConfiguredProductsCheck;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.InMemoryExperimentLedger;
import dev.upsell.offer.InMemoryFulfilmentOutbox;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.InMemorySettledPayments;
import dev.upsell.offer.OfferHousekeeping;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.OwnedProducts;
import dev.upsell.offer.SettledPayments;
import dev.upsell.retention.RetentionService;
import dev.upsell.scheduling.OfferMaintenance;

/**
 * Auto-configures offers: rules from {@code dodo.upsell.offers.rules}, the JDBC repository when there is a
 * {@code DataSource} (else the in-memory one; either unless another is defined), the ports a host may replace,
 * and one {@link Upsell} built from them, the properties ({@link UpsellPropertiesMapper}) and any
 * {@link UpsellBuilderCustomizer}: its {@link OfferService} facade, and housekeeping plus reconciliation on a
 * scheduler built by Boot's {@link SimpleAsyncTaskSchedulerBuilder}. Core events become application events.
 */
@AutoConfiguration(after = DodoClientAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnBean(DodoClient.class)
@Import(JdbcStoreConfiguration.class)
public final class OfferAutoConfiguration {

	private static final Log logger = LogFactory.getLog(OfferAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	OfferRules offerRules(UpsellProperties properties) {
		return properties.offers().configuredRules();
	}

	@Bean
	@ConditionalOnMissingBean
	Funnels funnels(OfferRules rules, UpsellProperties properties) {
		return properties.offers().configuredFunnels(rules);
	}

	@Bean
	@ConditionalOnMissingBean
	OfferTargeting offerTargeting() {
		return OfferTargeting.everyone();
	}

	@Bean
	@ConditionalOnMissingBean
	OfferRepository offerRepository(UpsellProperties properties) {
		if (properties.store().type() == UpsellProperties.StoreType.JDBC) {
			throw new InvalidConfigurationPropertyValueException("dodo.upsell.store.type", "jdbc",
					"The JDBC store needs a single DataSource bean (and spring-jdbc); add spring-boot-starter-jdbc "
							+ "and configure spring.datasource.*, or set dodo.upsell.store.type=memory");
		}
		if (properties.store().type() == UpsellProperties.StoreType.MEMORY) {
			logger.info("dodo-upsell offer store: in-memory (dodo.upsell.store.type=memory)");
		}
		else {
			// chosen by default, for want of a DataSource: say once what that costs
			logger.warn("dodo-upsell offer store: in-memory, because there is no DataSource. Offers in flight are lost "
					+ "on restart and their payments are never settled; use the JDBC store in production "
					+ "(spring-boot-starter-jdbc and a spring.datasource), or set dodo.upsell.store.type=memory "
					+ "to keep memory knowingly");
		}
		return new InMemoryOfferRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	PaymentMethodSelector paymentMethodSelector(UpsellProperties properties) {
		return new FirstEligiblePaymentMethod(properties.offers().cardCurrencyFromIssuingCountry());
	}

	@Bean
	@ConditionalOnMissingBean
	FulfilmentOutbox fulfilmentOutbox(OfferRepository repository) {
		if (!(repository instanceof InMemoryOfferRepository)) {
			logger.warn("Deliveries to your listeners are kept in memory beside a shared offer store: a conversion "
					+ "whose listener failed is retried by this instance only until it restarts. Declare a "
					+ "FulfilmentOutbox bean (JdbcFulfilmentOutbox) beside your own OfferRepository");
		}
		return new InMemoryFulfilmentOutbox();
	}

	@Bean
	@ConditionalOnMissingBean
	SettledPayments settledPayments(OfferRepository repository) {
		if (!(repository instanceof InMemoryOfferRepository)) {
			logger.warn("Settled payments are kept in memory beside a shared offer store: late refunds and replays "
					+ "are known to this instance only until it restarts. Declare a SettledPayments bean "
					+ "(JdbcSettledPayments) beside your own OfferRepository");
		}
		return new InMemorySettledPayments();
	}

	@Bean
	@ConditionalOnMissingBean
	ExperimentLedger experimentLedger(OfferRepository repository) {
		if (repository instanceof InMemoryOfferRepository memory) {
			return new InMemoryExperimentLedger(memory::all);
		}
		logger.warn("Experiment assignments are kept in memory beside your own offer store, and no results are read "
				+ "from it: declare an ExperimentLedger bean (JdbcExperimentLedger) beside your own OfferRepository");
		return new InMemoryExperimentLedger(java.util.List::of);
	}

	@Bean
	@ConditionalOnMissingBean
	UpsellEventPublisher upsellEventPublisher(ApplicationEventPublisher events) {
		return events::publishEvent;
	}

	@Bean
	@ConditionalOnMissingBean
	Upsell upsell(DodoClient dodo, OfferRepository repository, SettledPayments payments, FulfilmentOutbox outbox,
			OfferRules rules, Funnels funnels, OfferTargeting targeting, PaymentMethodSelector paymentMethods,
			ObjectProvider<OwnedProducts> owned, UpsellEventPublisher events, ObjectProvider<Clock> clock,
			UpsellProperties properties, DodoConnectionDetails connection, ExperimentLedger experiments,
			ObjectProvider<UpsellBuilderCustomizer> customizers) {
		Upsell.Builder builder = Upsell.builder(dodo)
			.store(repository)
			.experimentLedger(experiments)
			.settledPayments(payments)
			.fulfilmentOutbox(outbox)
			.rules(rules)
			.funnels(funnels)
			.targeting(targeting)
			.paymentMethods(paymentMethods)
			.ownedProducts(owned.getIfAvailable(OwnedProducts::none))
			.events(events)
			.clock(clock.getIfAvailable(Clock::systemUTC));
		new UpsellPropertiesMapper(properties, connection).map(builder);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	OfferService offerService(Upsell upsell) {
		return upsell.offers();
	}

	@Bean
	@ConditionalOnMissingBean
	OfferHousekeeping offerHousekeeping(Upsell upsell) {
		return upsell.housekeeping();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "dodo.upsell.reconciliation.enabled", matchIfMissing = true)
	OfferReconciler offerReconciler(Upsell upsell) {
		return upsell.reconciler();
	}

	@Bean
	@ConditionalOnMissingBean
	OrphanPayments orphanPayments(Upsell upsell) {
		return upsell.orphanPayments();
	}

	@Bean
	@ConditionalOnMissingBean
	OfferMaintenance offerMaintenance(Upsell upsell, OfferHousekeeping housekeeping,
			ObjectProvider<OfferReconciler> reconciler, OrphanPayments orphans,
			ObjectProvider<SimpleAsyncTaskSchedulerBuilder> schedulers, UpsellProperties properties,
			ObjectProvider<RetentionService> retention) {
		SimpleAsyncTaskScheduler scheduler = schedulers.getIfAvailable(SimpleAsyncTaskSchedulerBuilder::new)
			.threadNamePrefix("upsell-maintenance-")
			.build();
		OfferMaintenance maintenance = new OfferMaintenance(housekeeping, reconciler.getIfAvailable(), orphans,
				properties.reconciliation().interval(), scheduler, properties.reconciliation().shutdownWait())
			.delivering(upsell.fulfilmentRelay(), properties.fulfilment().firstBackoff());
		retention.ifAvailable((flows) -> maintenance.retaining(flows.maintenance()));
		return maintenance;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "dodo.upsell.offers.check-products", matchIfMissing = true)
	ConfiguredProductsStartupCheck upsellConfiguredProductsCheck(DodoClient dodo, UpsellProperties properties,
			ObjectProvider<TriggeredOfferProperties> triggered, ObjectProvider<OrderBumpProperties> checkout) {
		return new ConfiguredProductsStartupCheck(new ConfiguredProductsCheck(dodo, ConfiguredProductsStartupCheck
			.products(properties.offers(), triggered.getIfAvailable(), checkout.getIfAvailable())), Duration.ofSeconds(30),
				20);
	}

}
