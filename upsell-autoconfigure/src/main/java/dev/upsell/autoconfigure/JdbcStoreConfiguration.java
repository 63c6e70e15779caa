package dev.upsell.autoconfigure;

import java.time.Clock;
import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.SettledPayments;
import dev.upsell.retention.RetentionFlowRepository;
import dev.upsell.store.JdbcFulfilmentOutbox;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.JdbcExperimentLedger;
import dev.upsell.store.JdbcRetentionFlowRepository;
import dev.upsell.store.JdbcSettledPayments;
import dev.upsell.store.JdbcWebhookDeduplicator;
import dev.upsell.store.UpsellSchemaInitializer;
import dev.upsell.webhook.WebhookDeduplicator;

/**
 * The JDBC store, when the application has a {@link DataSource} and {@code dodo.upsell.store.type} is not
 * {@code memory}: its tables through Boot's script initialisation ({@link UpsellSchemaInitializer}), ordered
 * after Flyway and Liquibase, and its beans after every initializer. Imported by {@link OfferAutoConfiguration}
 * ahead of the in-memory defaults.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcClient.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "dodo.upsell.store.type", havingValue = "jdbc", matchIfMissing = true)
@Import(DatabaseInitializationDependencyConfigurer.class)
class JdbcStoreConfiguration {

	private static final Log logger = LogFactory.getLog(JdbcStoreConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	UpsellSchemaInitializer upsellSchemaInitializer(DataSource dataSource, UpsellProperties properties) {
		UpsellProperties.Store store = properties.store();
		return new UpsellSchemaInitializer(dataSource, store.initializeSchema(), store.tablePrefix(), store.schema(),
				store.platform());
	}

	@Bean
	@ConditionalOnMissingBean(OfferRepository.class)
	JdbcOfferRepository offerRepository(DataSource dataSource, UpsellProperties properties) {
		JdbcOfferRepository repository = new JdbcOfferRepository(dataSource, properties.store().tablePrefix());
		repository.checkTable();
		logger.info("dodo-upsell offer store: jdbc (table " + repository.table() + ")");
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean(FulfilmentOutbox.class)
	JdbcFulfilmentOutbox fulfilmentOutbox(DataSource dataSource, UpsellProperties properties) {
		return new JdbcFulfilmentOutbox(dataSource, properties.store().tablePrefix());
	}

	@Bean
	@ConditionalOnMissingBean(SettledPayments.class)
	JdbcSettledPayments settledPayments(DataSource dataSource, UpsellProperties properties,
			ObjectProvider<FulfilmentOutbox> outbox) {
		return new JdbcSettledPayments(dataSource, properties.store().tablePrefix(),
				(outbox.getIfAvailable() instanceof JdbcFulfilmentOutbox jdbc) ? jdbc : null);
	}

	@Bean
	@ConditionalOnBooleanProperty("dodo.upsell.retention.enabled")
	@ConditionalOnMissingBean(RetentionFlowRepository.class)
	JdbcRetentionFlowRepository retentionFlowRepository(DataSource dataSource, UpsellProperties properties) {
		JdbcRetentionFlowRepository repository = new JdbcRetentionFlowRepository(dataSource,
				properties.store().tablePrefix());
		repository.checkTable();
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean(ExperimentLedger.class)
	JdbcExperimentLedger experimentLedger(DataSource dataSource, UpsellProperties properties) {
		JdbcExperimentLedger ledger = new JdbcExperimentLedger(dataSource, properties.store().tablePrefix());
		ledger.checkTable();
		return ledger;
	}

	@Bean
	@ConditionalOnMissingBean(WebhookDeduplicator.class)
	JdbcWebhookDeduplicator webhookDeduplicator(DataSource dataSource, UpsellProperties properties,
			ObjectProvider<Clock> clock) {
		return new JdbcWebhookDeduplicator(dataSource, properties.store().tablePrefix(),
				properties.webhook().dedupeRetention(), clock.getIfAvailable(Clock::systemUTC));
	}

}
