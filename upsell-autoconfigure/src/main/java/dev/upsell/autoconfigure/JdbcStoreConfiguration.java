package dev.upsell.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.offer.JdbcOfferRepository;
import dev.upsell.offer.OfferRepository;
import dev.upsell.store.UpsellSchemaInitializer;
import dev.upsell.webhook.JdbcWebhookDeduplicator;
import dev.upsell.webhook.WebhookDeduplicator;

/**
 * The JDBC store, when the application has a {@link DataSource} and {@code dodo.upsell.store.type} is not
 * {@code memory}. Imported by {@link OfferAutoConfiguration} ahead of the in-memory defaults.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "dodo.upsell.store.type", havingValue = "jdbc", matchIfMissing = true)
class JdbcStoreConfiguration {

	private static final Log logger = LogFactory.getLog(JdbcStoreConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	UpsellSchemaInitializer upsellSchemaInitializer(DataSource dataSource, UpsellProperties properties) {
		return new UpsellSchemaInitializer(dataSource, properties.store().initializeSchema(),
				properties.store().tablePrefix());
	}

	@Bean
	@ConditionalOnMissingBean(OfferRepository.class)
	JdbcOfferRepository offerRepository(DataSource dataSource, UpsellProperties properties,
			UpsellSchemaInitializer schema) {
		JdbcOfferRepository repository = new JdbcOfferRepository(dataSource, properties.store().tablePrefix());
		repository.checkTable();
		logger.info("dodo-upsell offer store: jdbc (table " + repository.table() + ")");
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean(WebhookDeduplicator.class)
	JdbcWebhookDeduplicator webhookDeduplicator(DataSource dataSource, UpsellProperties properties,
			ObjectProvider<Clock> clock, UpsellSchemaInitializer schema) {
		return new JdbcWebhookDeduplicator(dataSource, properties.store().tablePrefix(),
				properties.webhook().dedupeRetention(), clock.getIfAvailable(Clock::systemUTC));
	}

}
