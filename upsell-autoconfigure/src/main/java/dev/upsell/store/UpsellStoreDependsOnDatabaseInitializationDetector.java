package dev.upsell.store;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Tells Boot that the JDBC store's beans use the database, so they are created after every database
 * initializer: Flyway, Liquibase, Boot's {@code spring.sql.init} scripts and {@link UpsellSchemaInitializer}.
 * Registered in {@code META-INF/spring.factories}.
 */
public class UpsellStoreDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(JdbcOfferRepository.class, JdbcWebhookDeduplicator.class, JdbcRetentionFlowRepository.class,
				JdbcExperimentLedger.class);
	}

}
