package dev.upsell.sample;

import java.net.URI;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.WebhookSigner;

/**
 * Runs the demo offline: when no Dodo API key is configured, starts the Dodo simulator with its demo data,
 * points the starter at it, and has it deliver signed webhooks to this app. A webhook secret given in
 * {@code dodo.upsell.webhook.secret} is used by both sides; without one a random secret is made at each start.
 * Registered in {@code META-INF/spring.factories}, so tests of the demo run offline too.
 */
public final class OfflineDodo implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(OfflineDodo.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		String key = environment.getProperty("dodo.upsell.api.key", "");
		if (!key.isBlank() || environment.containsProperty("dodo.upsell.api.base-url")) {
			return;
		}
		String secret = environment.getProperty("dodo.upsell.webhook.secret", "");
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			// Spring AOT only reads the bean definitions: no simulator, whose server threads would keep the build's JVM
			// running; an address that is never called stands in for it (at run time this listener starts it)
			environment.getPropertySources()
				.addFirst(new MapPropertySource("offlineDodo", Map.of("dodo.upsell.api.base-url", "http://127.0.0.1:9",
						"dodo.upsell.api.key", "aot-processing", "dodo.upsell.webhook.secret",
						secret.isBlank() ? WebhookSigner.randomSecret() : secret)));
			return;
		}
		DodoSimulator simulator = DodoSimulator.builder()
			.webhookSecret(secret.isBlank() ? WebhookSigner.randomSecret() : secret)
			.webhookTarget(() -> webhookTarget(environment))
			.start();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("offlineDodo", Map.of("dodo.upsell.api.base-url",
					simulator.baseUrl().toString(), "dodo.upsell.api.key", simulator.apiKey(),
					"dodo.upsell.webhook.secret", simulator.webhookSecret(),
					"demo.checkout-sdk-stand-in", simulator.baseUrl() + "/sdk/")));
		event.getSpringApplication().addInitializers((context) -> {
			context.getBeanFactory().registerSingleton("dodoSimulator", simulator);
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (closed) -> simulator.close());
		});
		// a start-up that fails never publishes ContextClosedEvent: the simulator must not keep the JVM running
		event.getSpringApplication()
			.addListeners((ApplicationListener<ApplicationFailedEvent>) (failed) -> simulator.close());
		logger.info("No DODO_PAYMENTS_API_KEY set: running OFFLINE on the Dodo simulator at " + simulator.baseUrl()
				+ " with demo data. To use Dodo's test mode, set DODO_PAYMENTS_API_KEY and DODO_PAYMENTS_WEBHOOK_SECRET.");
	}

	private static URI webhookTarget(ConfigurableEnvironment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			return null;
		}
		return URI.create("http://127.0.0.1:" + port + environment.getProperty("dodo.upsell.webhook.path", "/webhooks/dodo"));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
