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

import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.offer.ConfiguredProductsCheck;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.FunnelNavigator;
import dev.upsell.offer.InMemoryFulfilmentOutbox;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.InMemorySettledPayments;
import dev.upsell.offer.OfferAcceptance;
import dev.upsell.offer.OfferCreation;
import dev.upsell.offer.OfferEligibility;
import dev.upsell.offer.OfferHousekeeping;
import dev.upsell.offer.OfferMaintenance;
import dev.upsell.offer.OfferPricing;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferRules;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettlement;
import dev.upsell.offer.OfferTransitions;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.OwnedProducts;
import dev.upsell.offer.SettledPayments;

/**
 * Auto-configures offers: rules from {@code dodo.upsell.offers.rules}, the JDBC repository when there is a
 * {@code DataSource} (else the in-memory one; either unless another is defined), one-click checkout, the
 * {@link OfferService} facade and the parts behind it, and housekeeping plus reconciliation on a scheduler
 * built by Boot's {@link SimpleAsyncTaskSchedulerBuilder}.
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
	OneClickCheckout oneClickCheckout(DodoClient dodo, UpsellProperties properties) {
		return new OneClickCheckout(dodo, properties.offers().returnUrl(), properties.offers().billingCountry());
	}

	@Bean
	@ConditionalOnMissingBean
	OfferTransitions offerTransitions(OfferRepository repository, ApplicationEventPublisher events,
			ObjectProvider<Clock> clock, SettledPayments payments, FulfilmentOutbox outbox, UpsellProperties properties) {
		return new OfferTransitions(repository, events, clock.getIfAvailable(Clock::systemUTC), payments, outbox,
				properties.fulfilment().settings());
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
	OfferCreation offerCreation(OfferTransitions transitions, DodoClient dodo, UpsellProperties properties) {
		return new OfferCreation(transitions, dodo, properties.offers().ttl(),
				new OfferPricing(dodo, properties.offers().pricePreview()));
	}

	@Bean
	@ConditionalOnMissingBean
	OfferSettlement offerSettlement(OfferTransitions transitions, OneClickCheckout checkout, OfferRules rules,
			UpsellProperties properties) {
		return new OfferSettlement(transitions, checkout, rules, properties.offers().acceptWait());
	}

	@Bean
	@ConditionalOnMissingBean
	OfferService offerService(Funnels funnels, OfferTargeting targeting, OfferTransitions transitions,
			OfferCreation creation, OfferSettlement settlement, DodoClient dodo, PaymentMethodSelector selector,
			OneClickCheckout checkout, ObjectProvider<OwnedProducts> owned, ObjectProvider<Clock> clock,
			UpsellProperties properties) {
		UpsellProperties.Offers offers = properties.offers();
		OfferAcceptance acceptance = new OfferAcceptance(transitions, settlement, dodo, selector, checkout,
				offers.acceptWait(), new OfferPricing(dodo, offers.pricePreview()));
		OfferEligibility eligibility = new OfferEligibility(owned.getIfAvailable(OwnedProducts::none),
				offers.skipOwned(), offers.declineSuppression(), clock.getIfAvailable(Clock::systemUTC));
		FunnelNavigator navigator = new FunnelNavigator(funnels, transitions, creation, eligibility, targeting);
		return new OfferService(navigator, transitions, acceptance);
	}

	@Bean
	@ConditionalOnMissingBean
	OfferHousekeeping offerHousekeeping(OfferTransitions transitions, UpsellProperties properties) {
		return new OfferHousekeeping(transitions, properties.offers().settings(),
				properties.offers().paymentRetention());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "dodo.upsell.reconciliation.enabled", matchIfMissing = true)
	OfferReconciler offerReconciler(OfferRepository repository, OfferSettlement settlement, DodoClient dodo,
			ObjectProvider<Clock> clock, UpsellProperties properties) {
		return new OfferReconciler(repository, settlement, dodo, clock.getIfAvailable(Clock::systemUTC),
				properties.reconciliation().timings());
	}

	@Bean
	@ConditionalOnMissingBean
	OfferMaintenance offerMaintenance(OfferHousekeeping housekeeping, ObjectProvider<OfferReconciler> reconciler,
			OrphanPayments orphans, ObjectProvider<SimpleAsyncTaskSchedulerBuilder> schedulers,
			UpsellProperties properties, OfferTransitions transitions) {
		SimpleAsyncTaskScheduler scheduler = schedulers.getIfAvailable(SimpleAsyncTaskSchedulerBuilder::new)
			.threadNamePrefix("upsell-maintenance-")
			.build();
		return new OfferMaintenance(housekeeping, reconciler.getIfAvailable(), orphans,
				properties.reconciliation().interval(), scheduler, properties.reconciliation().shutdownWait())
			.delivering(transitions.relay(), properties.fulfilment().firstBackoff());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "dodo.upsell.offers.check-products", matchIfMissing = true)
	ConfiguredProductsStartupCheck upsellConfiguredProductsCheck(DodoClient dodo, UpsellProperties properties) {
		return new ConfiguredProductsStartupCheck(
				new ConfiguredProductsCheck(dodo, ConfiguredProductsStartupCheck.products(properties.offers())),
				Duration.ofSeconds(30), 20);
	}

	@Bean
	@ConditionalOnMissingBean
	OrphanPayments orphanPayments(ApplicationEventPublisher events) {
		return new OrphanPayments(events);
	}

}
