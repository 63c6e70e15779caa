package dev.upsell.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets dodo-upsell read the environment variables Dodo's own SDKs use: {@code DODO_PAYMENTS_API_KEY} for
 * {@code dodo.upsell.api.key}, and {@code DODO_PAYMENTS_WEBHOOK_SECRET} (or the SDKs'
 * {@code DODO_PAYMENTS_WEBHOOK_KEY}) for {@code dodo.upsell.webhook.secret}. Only variables that are set are
 * mapped, and below every other source but the application's default properties, so any explicit property
 * wins.
 */
public final class UpsellEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "dodoUpsellEnvironmentVariables";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		map(environment, mapped, "dodo.upsell.api.key", "DODO_PAYMENTS_API_KEY");
		map(environment, mapped, "dodo.upsell.webhook.secret", "DODO_PAYMENTS_WEBHOOK_SECRET",
				"DODO_PAYMENTS_WEBHOOK_KEY");
		if (!mapped.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, mapped));
		}
	}

	private static void map(ConfigurableEnvironment environment, Map<String, Object> mapped, String property,
			String... variables) {
		for (String variable : variables) {
			String value = environment.getProperty(variable);
			if (value != null && !value.isBlank()) {
				mapped.put(property, value);
				return;
			}
		}
	}

}
