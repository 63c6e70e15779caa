package dev.upsell.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.upsell.Upsell;
import dev.upsell.retention.InMemoryRetentionFlowRepository;
import dev.upsell.retention.RetentionFlowRepository;
import dev.upsell.retention.RetentionService;

/**
 * Retention flows, with {@code dodo.upsell.retention.enabled=true}: the settings and the flows' store go into the
 * {@link Upsell} builder through a customizer, and the {@link RetentionService} comes from the {@link Upsell} bean.
 * Flows are kept with the JDBC store when it is on (many instances: {@code upsell_retention_flows}), else in memory
 * (one instance); any other store is a {@link RetentionFlowRepository} bean. After {@link OfferAutoConfiguration}, so
 * the JDBC store's repository is found first; the customizer still reaches the {@link Upsell} bean, which is made
 * once every definition is known.
 */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@ConditionalOnBooleanProperty("dodo.upsell.retention.enabled")
@EnableConfigurationProperties(RetentionProperties.class)
public final class RetentionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetentionFlowRepository retentionFlowRepository() {
		return new InMemoryRetentionFlowRepository();
	}

	@Bean
	UpsellBuilderCustomizer retentionBuilderCustomizer(RetentionProperties properties, RetentionFlowRepository flows) {
		return (builder) -> builder.retention(properties.settings()).retentionFlows(flows);
	}

	@Bean
	@ConditionalOnMissingBean
	RetentionService retentionService(Upsell upsell) {
		return upsell.retention();
	}

}
