package dev.upsell.autoconfigure;

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
 * calls are observed as {@code http.client.requests}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@EnableConfigurationProperties(UpsellProperties.class)
public final class DodoClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DodoClient dodoClient(UpsellProperties properties, ObjectProvider<RestClient.Builder> restClientBuilder) {
		return new RestDodoClient(restClientBuilder.getIfAvailable(RestClient::builder),
				properties.api().clientSettings());
	}

}
