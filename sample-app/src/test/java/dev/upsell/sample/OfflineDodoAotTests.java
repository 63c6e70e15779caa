package dev.upsell.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While Spring AOT processes the demo (the build's {@code process-aot}), the offline mode starts no simulator: its
 * server threads would keep the build's JVM running for ever. An address that is never called stands in for it.
 */
class OfflineDodoAotTests {

	@AfterEach
	void clear() {
		System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
	}

	@Test
	void aotProcessingStartsNoSimulatorAndLeavesNoThreadRunning() {
		System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
		long before = simulatorThreads();
		StandardEnvironment environment = new StandardEnvironment();
		new OfflineDodo().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
				new SpringApplication(SampleApplication.class), new String[0], environment));
		assertThat(environment.getProperty("dodo.upsell.api.base-url")).isEqualTo("http://127.0.0.1:9");
		assertThat(environment.getProperty("dodo.upsell.webhook.secret")).startsWith("whsec_");
		assertThat(simulatorThreads()).as("no simulator thread started").isLessThanOrEqualTo(before);
	}

	private static long simulatorThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith("dodo-simulator")).count();
	}

}
