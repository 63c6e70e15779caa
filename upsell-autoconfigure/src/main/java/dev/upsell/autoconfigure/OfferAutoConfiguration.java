package dev.upsell.autoconfigure;

import java.security.SecureRandom;
import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.OfferListener;
import dev.upsell.offer.OfferMaintenance;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferRules;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OrphanPaymentListener;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.OwnedProducts;

/**
 * Auto-configures offers: rules from {@code dodo.upsell.offers.rules}, the JDBC repository when there is a
 * {@code DataSource} (else the in-memory one; either unless another is defined), one-click checkout, the {@link OfferService}, and housekeeping plus reconciliation
 * on a background thread.
 */
@AutoConfiguration(after = DodoClientAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
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
		return new PaymentMethodSelector(properties.offers().cardCurrencyFromIssuingCountry());
	}

	@Bean
	@ConditionalOnMissingBean
	OneClickCheckout oneClickCheckout(DodoClient dodo, UpsellProperties properties) {
		return new OneClickCheckout(dodo, properties.offers().returnUrl(), properties.offers().billingCountry());
	}

	@Bean
	@ConditionalOnMissingBean
	OfferService offerService(OfferRepository repository, OfferRules rules, DodoClient dodo,
			PaymentMethodSelector selector, OneClickCheckout checkout, ObjectProvider<OfferListener> listeners,
			ObjectProvider<Clock> clock, ObjectProvider<OwnedProducts> owned, UpsellProperties properties) {
		return new OfferService(repository, rules, dodo, selector, checkout,
				(before, after) -> listeners.orderedStream().forEach((listener) -> listener.onChange(before, after)),
				properties.offers().settings(), clock.getIfAvailable(Clock::systemUTC), new SecureRandom(),
				owned.getIfAvailable(OwnedProducts::none));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "dodo.upsell.reconciliation.enabled", matchIfMissing = true)
	OfferReconciler offerReconciler(OfferRepository repository, OfferService offers, DodoClient dodo,
			ObjectProvider<Clock> clock, UpsellProperties properties) {
		return new OfferReconciler(repository, offers, dodo, clock.getIfAvailable(Clock::systemUTC),
				properties.reconciliation().after(), properties.reconciliation().giveUpAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	OfferMaintenance offerMaintenance(OfferService offers, ObjectProvider<OfferReconciler> reconciler,
			OrphanPayments orphans, UpsellProperties properties) {
		return new OfferMaintenance(offers, reconciler.getIfAvailable(), properties.reconciliation().interval(),
				orphans);
	}

	@Bean
	@ConditionalOnMissingBean
	OrphanPayments orphanPayments(ObjectProvider<OrphanPaymentListener> listeners) {
		return new OrphanPayments(
				(paymentId) -> listeners.orderedStream().forEach((listener) -> listener.onOrphan(paymentId)));
	}

}
