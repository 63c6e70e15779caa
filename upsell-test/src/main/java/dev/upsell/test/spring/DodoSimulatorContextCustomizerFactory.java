package dev.upsell.test.spring;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

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

		private static final String CONNECTION_DETAILS = "dev.upsell.autoconfigure.DodoConnectionDetails";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			DodoSimulator.Builder builder = DodoSimulator.builder().demoData(this.demoData);
			if (this.deliverWebhooks) {
				builder.webhookTarget(() -> webhookTarget(environment));
			}
			DodoSimulator simulator = builder.start();
			Object connection = connectionDetails(simulator, context.getClassLoader());
			if (connection != null) {
				context.getBeanFactory().registerSingleton("dodoConnectionDetails", connection);
			}
			else {
				// no dodo-upsell auto-configuration on the class path: say it the only other way there is
				environment.getPropertySources()
					.addFirst(new MapPropertySource("dodoSimulator",
							Map.of("dodo.upsell.api.base-url", simulator.baseUrl().toString(),
									"dodo.upsell.webhook.secret", simulator.webhookSecret())));
			}
			context.getBeanFactory().registerSingleton("dodoSimulator", simulator);
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
				if (event.getApplicationContext() == context) {
					simulator.close();
				}
			});
		}

		/**
		 * The simulator as dodo-upsell's {@code DodoConnectionDetails} (base URL, a key it accepts, its webhook secret), so
		 * the starter's auto-configuration connects to it without a property being rewritten. This module does
		 * not depend on the auto-configuration, so the interface is implemented by a proxy, when present.
		 */
		private static @Nullable Object connectionDetails(DodoSimulator simulator, @Nullable ClassLoader classLoader) {
			Class<?> type;
			try {
				type = ClassUtils.forName(CONNECTION_DETAILS, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				return null;
			}
			return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> switch (method.getName()) {
				case "baseUrl" -> simulator.baseUrl();
				case "apiKey" -> simulator.apiKey();
				case "webhookSecret" -> simulator.webhookSecret();
				case "toString" -> "DodoSimulatorConnectionDetails[" + simulator.baseUrl() + "]";
				case "hashCode" -> System.identityHashCode(proxy);
				case "equals" -> proxy == args[0];
				default -> throw new UnsupportedOperationException(method.getName());
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
