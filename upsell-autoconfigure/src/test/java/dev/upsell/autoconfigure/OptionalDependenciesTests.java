package dev.upsell.autoconfigure;

import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.upsell.metrics.UpsellEndpoint;
import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.internal.OfferController;
import dev.upsell.webhook.WebhookProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each optional dependency of the starter left off the class path, as a host that does not use it: the context
 * still starts, and only what needs the missing library is gone.
 */
class OptionalDependenciesTests {

	private static final AutoConfigurations UPSELL = AutoConfigurations.of(DodoClientAutoConfiguration.class,
			OfferAutoConfiguration.class, PlanChangeAutoConfiguration.class, WebhookAutoConfiguration.class,
			OfferWebAutoConfiguration.class, UpsellMetricsAutoConfiguration.class,
			HostControllerProblemsAutoConfiguration.class);

	private static final String[] SETTINGS = { "dodo.upsell.api.base-url=http://127.0.0.1:9",
			"dodo.upsell.webhook.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
			"dodo.upsell.offers.check-products=false" };

	private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(UPSELL)
		.withPropertyValues(SETTINGS);

	private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(UPSELL)
		.withUserConfiguration(Resolver.class)
		.withPropertyValues(SETTINGS);

	@Test
	void withoutMicrometerOffersWorkUnmetered() {
		this.plain.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OfferService.class)
				.doesNotHaveBean(UpsellMetrics.class));
	}

	@Test
	void withoutTheActuatorTheMetersStayAndTheEndpointGoes() {
		this.web.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.endpoints.web.exposure.include=upsell")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UpsellMetrics.class)
				.doesNotHaveBean(UpsellEndpoint.class));
	}

	@Test
	void withoutSpringJdbcADataSourceIsLeftAloneAndOffersLiveInMemory() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:optional-deps;DB_CLOSE_DELAY=-1");
		this.plain.withBean(JdbcDataSource.class, () -> h2)
			.withClassLoader(new FilteredClassLoader("org.springframework.jdbc"))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(OfferRepository.class)
				.isInstanceOf(InMemoryOfferRepository.class));
	}

	@Test
	void withoutSpringMvcAServletHostGetsNoEndpointsButItsOffers() {
		this.web.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OfferService.class)
				.hasSingleBean(WebhookProcessor.class)
				.doesNotHaveBean(OfferController.class)
				.doesNotHaveBean("dodoWebhookRoute"));
	}

	@Test
	void withoutWebFluxAServletHostIsUntouched() {
		this.web.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive", "reactor.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OfferController.class)
				.hasBean("dodoWebhookRoute"));
	}

	@Test
	void withoutTomcatContainerProblemsKeepTheirFilterAndNeedNoValve() {
		this.web.withPropertyValues("dodo.upsell.web.container-problems=true")
			.withClassLoader(new FilteredClassLoader("org.apache.catalina"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("upsellErrorResponseFilter")
				.doesNotHaveBean("upsellRejectedPathProblems"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Resolver {

		@Bean
		CustomerIdResolver customerIdResolver() {
			return (request) -> Optional.empty();
		}

	}

}
