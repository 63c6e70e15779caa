package dev.upsell.store;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import dev.upsell.autoconfigure.DodoClientAutoConfiguration;
import dev.upsell.autoconfigure.OfferAutoConfiguration;
import dev.upsell.offer.OfferRepository;
import dev.upsell.webhook.WebhookDeduplicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that owns its schema with Flyway or Liquibase sets {@code initialize-schema=never}: the JDBC store's
 * beans are then created after the migration ran, and read the tables it made.
 */
class DatabaseInitializationOrderTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DodoClientAutoConfiguration.class,
				OfferAutoConfiguration.class))
		.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9", "dodo.upsell.store.initialize-schema=never");

	@Test
	void theStoreIsCreatedAfterFlywayMigrated() {
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withUserConfiguration(FlywayMigration.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:flyway;DB_CLOSE_DELAY=-1",
					"spring.flyway.locations=classpath:db/none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OfferRepository.class)).isInstanceOf(JdbcOfferRepository.class);
				assertThat(dependsOn(context.getBeanFactory().getBeanDefinition("offerRepository").getDependsOn()))
					.contains("flywayInitializer");
				assertThat(context.getBean(WebhookDeduplicator.class).claim("msg_1")).isTrue();
			});
	}

	@Test
	void theStoreIsCreatedAfterLiquibaseUpdated() {
		this.runner.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:liquibase;DB_CLOSE_DELAY=-1",
					"spring.liquibase.change-log=classpath:db/upsell-changelog.xml")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(dependsOn(context.getBeanFactory().getBeanDefinition("offerRepository").getDependsOn()))
					.contains("liquibase");
				assertThat(context.getBean(WebhookDeduplicator.class).claim("msg_1")).isTrue();
			});
	}

	@Test
	void withoutAMigrationOrInitializationTheMissingTableIsNamed() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:nothing;DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("upsell_offers is missing")
				.hasStackTraceContaining("dodo.upsell.store.initialize-schema=always"));
	}

	@Test
	void aDatabaseWithoutAShippedScriptFailsNamingTheScriptItLookedFor() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:other;DB_CLOSE_DELAY=-1",
				"dodo.upsell.store.initialize-schema=always", "dodo.upsell.store.platform=mysql")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dev/upsell/store/schema-mysql.sql"));
	}

	private static String[] dependsOn(String[] beans) {
		return (beans != null) ? beans : new String[0];
	}

	@Configuration(proxyBeanMethods = false)
	static class FlywayMigration {

		@Bean
		JavaMigration dodoUpsellTables() {
			return new V1__DodoUpsellTables();
		}

	}

	/** How a host applies dodo-upsell's tables with Flyway: a migration that runs the shipped script. */
	static class V1__DodoUpsellTables extends BaseJavaMigration {

		@Override
		public void migrate(Context context) {
			ScriptUtils.executeSqlScript(context.getConnection(), new ClassPathResource("dev/upsell/store/schema-h2.sql"));
		}

	}

}
