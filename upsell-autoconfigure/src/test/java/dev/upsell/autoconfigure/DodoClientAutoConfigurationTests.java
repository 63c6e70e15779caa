package dev.upsell.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.DodoClientSettings;
import dev.upsell.restclient.RestDodoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class DodoClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RestClientAutoConfiguration.class, DodoClientAutoConfiguration.class));

	@Test
	void createsTheRestClientWhenABaseUrlIsSet() {
		this.runner.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9999")
			.run((context) -> assertThat(context).hasSingleBean(DodoClient.class)
				.getBean(DodoClient.class)
				.isInstanceOf(RestDodoClient.class));
	}

	@Test
	void createsTheRestClientWithoutBootsRestClientBuilder() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DodoClientAutoConfiguration.class))
			.withPropertyValues("dodo.upsell.api.key=sk_test_1")
			.run((context) -> assertThat(context).hasSingleBean(DodoClient.class));
	}

	@Test
	void failsFastWithoutKeyOrBaseUrl() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("dodo.upsell.api.key")
			.hasMessageContaining("DODO_PAYMENTS_API_KEY")
			.hasMessageContaining("dodo.upsell.api.base-url"));
	}

	@Test
	void aBlankKeyCountsAsMissing() {
		this.runner.withPropertyValues("dodo.upsell.api.key=  ")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void backsOffWhenTheHostDefinesItsOwnClient() {
		this.runner.withUserConfiguration(OwnClient.class)
			.run((context) -> assertThat(context).hasSingleBean(DodoClient.class)
				.getBean(DodoClient.class)
				.isSameAs(context.getBean(OwnClient.class).client));
	}

	@Test
	void defaultsToTestModeAndTheDocumentedTimeouts() {
		this.runner.withPropertyValues("dodo.upsell.api.key=sk_test_1").run((context) -> {
			DodoClientSettings settings = context.getBean(UpsellProperties.class).api().clientSettings(context.getBean(DodoConnectionDetails.class));
			assertThat(settings.baseUrl()).isEqualTo(URI.create("https://test.dodopayments.com"));
			assertThat(settings.connectTimeout()).hasSeconds(2);
			assertThat(settings.readTimeout()).hasSeconds(20);
			assertThat(settings.retry().maxAttempts()).isEqualTo(3);
		});
	}

	@Test
	void liveModeAndAnExplicitBaseUrlPickTheRoot() {
		this.runner.withPropertyValues("dodo.upsell.api.key=sk_live_1", "dodo.upsell.api.environment=live-mode")
			.run((context) -> assertThat(context.getBean(UpsellProperties.class).api().clientSettings(context.getBean(DodoConnectionDetails.class)).baseUrl())
				.isEqualTo(URI.create("https://live.dodopayments.com")));
		this.runner
			.withPropertyValues("dodo.upsell.api.key=sk_live_1", "dodo.upsell.api.environment=live-mode",
					"dodo.upsell.api.base-url=http://proxy.internal:8080")
			.run((context) -> assertThat(context.getBean(UpsellProperties.class).api().clientSettings(context.getBean(DodoConnectionDetails.class)).baseUrl())
				.isEqualTo(URI.create("http://proxy.internal:8080")));
	}

	@Test
	void anSslBundleIsTakenFromBootsBundles() {
		this.runner.withPropertyValues("dodo.upsell.api.key=sk_test_1", "dodo.upsell.api.ssl-bundle=missing")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("spring.ssl.bundle"));
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("dodo.upsell.api.key=sk_test_1", "dodo.upsell.api.ssl-bundle=missing")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("'missing'"));
	}

	@Test
	void aConnectionDetailsBeanReplacesTheProperties() {
		this.runner.withBean(DodoConnectionDetails.class, () -> new DodoConnectionDetails() {

			@Override
			public URI baseUrl() {
				return URI.create("http://127.0.0.1:1");
			}

			@Override
			public String apiKey() {
				return "sk_test_from_details";
			}

		}).run((context) -> {
			assertThat(context).hasSingleBean(DodoClient.class);
			assertThat(context.getBean(UpsellProperties.class).api()
				.clientSettings(context.getBean(DodoConnectionDetails.class))
				.apiKey()).isEqualTo("sk_test_from_details");
		});
	}

	@Test
	void propertiesNeverPrintTheKey() {
		this.runner.withPropertyValues("dodo.upsell.api.key=sk_test_secret_value")
			.run((context) -> assertThat(context.getBean(UpsellProperties.class).toString())
				.doesNotContain("sk_test_secret_value"));
	}

	@Test
	void readsTheApiKeyAndWebhookSecretFromDodosEnvironmentVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("env", Map.of("DODO_PAYMENTS_API_KEY", "sk_from_env",
					"DODO_PAYMENTS_WEBHOOK_KEY", "whsec_from_sdk_variable")));
		new UpsellEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("dodo.upsell.api.key", String.class).get()).isEqualTo("sk_from_env");
		assertThat(binder.bind("dodo.upsell.webhook.secret", String.class).get()).isEqualTo("whsec_from_sdk_variable");

		environment.getPropertySources().addFirst(new MapPropertySource("app", Map.of("dodo.upsell.api.key", "sk_explicit")));
		assertThat(Binder.get(environment).bind("dodo.upsell.api.key", String.class).get()).isEqualTo("sk_explicit");
	}

	@Test
	void theStarterNameOfTheSecretVariableWinsOverTheSdkName() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("env", Map.of("DODO_PAYMENTS_WEBHOOK_SECRET", "whsec_preferred",
					"DODO_PAYMENTS_WEBHOOK_KEY", "whsec_from_sdk_variable")));
		new UpsellEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(Binder.get(environment).bind("dodo.upsell.webhook.secret", String.class).get())
			.isEqualTo("whsec_preferred");
	}

	@Test
	void unsetVariablesMapNothing() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("env", Map.of("OTHER", "x")));
		new UpsellEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(environment.getPropertySources().contains(UpsellEnvironmentPostProcessor.SOURCE_NAME)).isFalse();
	}

	@Test
	void everyPropertyIsDocumented() throws Exception {
		try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			Map<?, ?> metadata = tools.jackson.databind.json.JsonMapper.builder().build().readValue(in, Map.class);
			List<?> properties = (List<?>) metadata.get("properties");
			assertThat(properties).isNotEmpty().allSatisfy((property) -> {
				Map<?, ?> entry = (Map<?, ?>) property;
				assertThat((String) entry.get("description")).as("description of %s", entry.get("name")).isNotBlank();
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		final DodoClient client = mock(DodoClient.class);

		@Bean
		DodoClient ownDodoClient() {
			return this.client;
		}

	}

}
