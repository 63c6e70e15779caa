package dev.upsell.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.RestDodoClient;

/**
 * Auto-configures the {@link DodoClient}, on Boot's {@link RestClient.Builder} when there is one (so Dodo
 * calls are observed as {@code http.client.requests}), and observed as {@code upsell.dodo.requests} when
 * there is an {@link ObservationRegistry}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@EnableConfigurationProperties(UpsellProperties.class)
public final class DodoClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DodoClient dodoClient(UpsellProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ObservationRegistry> observations) {
		return new RestDodoClient(restClientBuilder.getIfAvailable(RestClient::builder),
				properties.api().clientSettings(), observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

}
