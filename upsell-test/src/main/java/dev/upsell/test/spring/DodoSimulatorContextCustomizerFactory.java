package dev.upsell.test.spring;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

import dev.upsell.test.simulator.DodoSimulator;

/**
 * Turns {@link EnableDodoSimulator} into a running simulator for the test context. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class DodoSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EnableDodoSimulator annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EnableDodoSimulator.class);
		return (annotation != null) ? new Customizer(annotation.demoData(), annotation.deliverWebhooks()) : null;
	}

	private record Customizer(boolean demoData, boolean deliverWebhooks) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			DodoSimulator.Builder builder = DodoSimulator.builder().demoData(this.demoData);
			if (this.deliverWebhooks) {
				builder.webhookTarget(() -> webhookTarget(environment));
			}
			DodoSimulator simulator = builder.start();
			context.getBeanFactory()
				.registerSingleton("dodoConnectionDetails", new DodoSimulatorConnectionDetails(simulator));
			context.getBeanFactory().registerSingleton("dodoSimulator", simulator);
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
				if (event.getApplicationContext() == context) {
					simulator.close();
				}
			});
		}

		private static @Nullable URI webhookTarget(ConfigurableEnvironment environment) {
			String port = environment.getProperty("local.server.port");
			if (port == null) {
				return null;
			}
			String path = environment.getProperty("dodo.upsell.webhook.path", "/webhooks/dodo");
			String contextPath = environment.getProperty("server.servlet.context-path", "");
			return URI.create("http://127.0.0.1:" + port + contextPath + path);
		}

	}

}
