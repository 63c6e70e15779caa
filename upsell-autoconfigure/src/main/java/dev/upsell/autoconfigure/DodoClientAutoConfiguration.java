package dev.upsell.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.DodoRequestObservationConvention;
import dev.upsell.restclient.RestDodoClient;

/**
 * Auto-configures the {@link DodoClient}: where Dodo is from {@link DodoConnectionDetails}, the HTTP client from
 * Boot's {@link ClientHttpRequestFactoryBuilder} and {@link HttpClientSettings} ({@code spring.http.clients.*},
 * with dodo-upsell's own timeouts, SSL bundle, and never a followed redirect), on Boot's
 * {@link RestClient.Builder} when there is one (so Dodo calls are observed as {@code http.client.requests}), and
 * observed as {@code upsell.dodo.requests} through a replaceable {@link DodoRequestObservationConvention}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@EnableConfigurationProperties(UpsellProperties.class)
public final class DodoClientAutoConfiguration {

	@Bean
	static UnknownSettingsCheck dodoUpsellUnknownSettingsCheck(Environment environment) {
		return new UnknownSettingsCheck(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	DodoConnectionDetails dodoConnectionDetails(UpsellProperties properties) {
		return new PropertiesDodoConnectionDetails(properties.api());
	}

	@Bean
	@ConditionalOnMissingBean
	DodoClient dodoClient(UpsellProperties properties, DodoConnectionDetails connection,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<DodoRequestObservationConvention> convention, ApplicationContext context) {
		RequiredDodoSettings.check(properties, connection, context, true);
		UpsellProperties.Api api = properties.api();
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withTimeouts(api.connectTimeout(), api.readTimeout())
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		if (api.sslBundle() != null) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new InvalidConfigurationPropertyValueException("dodo.upsell.api.ssl-bundle", api.sslBundle(),
						"There are no SSL bundles: configure them under spring.ssl.bundle");
			}
			settings = settings.withSslBundle(bundles.getBundle(api.sslBundle()));
		}
		ClientHttpRequestFactory requestFactory = requestFactoryBuilder
			.getIfAvailable(ClientHttpRequestFactoryBuilder::detect)
			.build(settings);
		RestClient restClient = RestDodoClient.configure(restClientBuilder.getIfAvailable(RestClient::builder),
				requestFactory, api.clientSettings(connection));
		return new RestDodoClient(restClient, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				convention.getIfAvailable());
	}

}
