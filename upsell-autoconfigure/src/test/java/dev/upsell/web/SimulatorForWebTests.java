package dev.upsell.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import dev.upsell.autoconfigure.DodoConnectionDetails;
import dev.upsell.test.simulator.DodoSimulator;

/**
 * The simulator of {@link UpsellWebTest}s, as {@code @EnableDodoSimulator} gives hosts (that annotation lives in
 * {@code upsell-test}, which depends on this module, so this module's own tests declare the same beans): the
 * simulator with the demo data, delivering its webhooks to the test's server, and the starter's
 * {@link DodoConnectionDetails} pointing at it. {@link ResetBeforeEachTest} gives every test method a fresh one
 * and prints its state when a method fails.
 */
@TestConfiguration(proxyBeanMethods = false)
class SimulatorForWebTests {

	@Bean(destroyMethod = "close")
	DodoSimulator dodoSimulator(Environment environment) {
		return DodoSimulator.builder().demoData(true).webhookTarget(() -> webhookTarget(environment)).start();
	}

	@Bean
	DodoConnectionDetails dodoConnectionDetails(DodoSimulator simulator) {
		return new DodoConnectionDetails() {

			@Override
			public URI baseUrl() {
				return simulator.baseUrl();
			}

			@Override
			public String apiKey() {
				return simulator.apiKey();
			}

			@Override
			public String webhookSecret() {
				return simulator.webhookSecret();
			}

		};
	}

	private static @Nullable URI webhookTarget(Environment environment) {
		String port = environment.getProperty("local.server.port");
		return (port != null) ? URI.create("http://127.0.0.1:" + port
				+ environment.getProperty("dodo.upsell.webhook.path", "/webhooks/dodo")) : null;
	}

	/** A fresh simulator for each test method; its state printed when a method fails. */
	static final class ResetBeforeEachTest implements TestExecutionListener {

		@Override
		public void beforeTestMethod(TestContext testContext) {
			simulator(testContext).reset();
		}

		@Override
		public void afterTestMethod(TestContext testContext) {
			if (testContext.getTestException() != null) {
				System.err.println(testContext.getTestMethod().getName() + " failed; " + simulator(testContext).describe());
			}
		}

		private static DodoSimulator simulator(TestContext testContext) {
			ApplicationContext context = testContext.getApplicationContext();
			return context.getBean(DodoSimulator.class);
		}

	}

}
