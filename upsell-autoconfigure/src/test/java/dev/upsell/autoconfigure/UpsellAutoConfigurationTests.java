package dev.upsell.autoconfigure;

import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

import dev.upsell.Upsell;
import dev.upsell.catalog.OfferRules;
import dev.upsell.metrics.UpsellEndpoint;
import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.retention.RetentionFlowRepository;
import dev.upsell.retention.RetentionService;
import dev.upsell.retention.RetentionSettings;
import dev.upsell.scheduling.OfferMaintenance;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.JdbcWebhookDeduplicator;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.internal.OfferController;
import dev.upsell.web.internal.RetentionController;
import dev.upsell.webhook.StandardWebhookVerifier;
import dev.upsell.webhook.WebhookDeduplicator;
import dev.upsell.webhook.WebhookProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class UpsellAutoConfigurationTests {

	private static final AutoConfigurations UPSELL = AutoConfigurations.of(DodoClientAutoConfiguration.class,
			OfferAutoConfiguration.class, WebhookAutoConfiguration.class, OfferWebAutoConfiguration.class,
			UpsellMetricsAutoConfiguration.class, HostControllerProblemsAutoConfiguration.class,
			RetentionAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(UPSELL)
		.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9");

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(UPSELL)
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
		.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9",
				"dodo.upsell.webhook.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	@Test
	void theInMemoryStoreWarnsOnceWhenItIsADefaultNotAChoice(CapturedOutput output) {
		// another test's logging.level.* may linger in this JVM's logging system
		org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader())
			.setLogLevel("dev.upsell.autoconfigure", org.springframework.boot.logging.LogLevel.INFO);
		this.runner.run((context) -> assertThat(context).hasSingleBean(OfferRepository.class));
		assertThat(output).containsOnlyOnce("Offers in flight are lost on restart");
		this.runner.withPropertyValues("dodo.upsell.store.type=memory")
			.run((context) -> assertThat(context).hasSingleBean(OfferRepository.class));
		assertThat(output).containsOnlyOnce("Offers in flight are lost on restart")
			.contains("offer store: in-memory (dodo.upsell.store.type=memory)");
	}

	@Test
	void hostControllersGetProblemDetailsForTheStartersExceptionsUnlessTurnedOff() {
		this.web.run((context) -> assertThat(context).hasSingleBean(dev.upsell.web.HostControllerProblemAdvice.class));
		this.web.withPropertyValues("dodo.upsell.web.host-controller-problems=false")
			.run((context) -> assertThat(context).doesNotHaveBean(dev.upsell.web.HostControllerProblemAdvice.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(dev.upsell.web.HostControllerProblemAdvice.class));
		org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner reactive =
				new org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner()
					.withConfiguration(UPSELL)
					.withBean(org.springframework.http.codec.ServerCodecConfigurer.class,
							org.springframework.http.codec.ServerCodecConfigurer::create)
					.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9",
							"dodo.upsell.webhook.enabled=false");
		reactive.run((context) -> assertThat(context).hasSingleBean(dev.upsell.web.ReactiveHostProblemHandler.class)
			.doesNotHaveBean(dev.upsell.web.HostControllerProblemAdvice.class));
		reactive.withPropertyValues("dodo.upsell.web.host-controller-problems=false")
			.run((context) -> assertThat(context).doesNotHaveBean(dev.upsell.web.ReactiveHostProblemHandler.class));
	}

	@Test
	void aWebhookSecretThatIsNotBase64FailsStartUpNamingThePropertyNotTheValue() {
		new WebApplicationContextRunner().withConfiguration(UPSELL)
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
			.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9",
					"dodo.upsell.webhook.secret=whsec_not*base64!secret")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDodoSettingException.class)
					.hasMessageContaining("dodo.upsell.webhook.secret")
					.hasMessageContaining("not base64")
					.hasMessageNotContaining("not*base64!secret");
				// what start-up prints: Boot's analyzer of invalid values would show the value and its origin
				org.springframework.boot.diagnostics.FailureAnalysis analysis = new InvalidDodoSettingFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription() + analysis.getAction()).contains("dodo.upsell.webhook.secret")
					.doesNotContain("not*base64!secret");
			});
	}

	@Test
	void liveModeWithoutAKeyAsksForALiveModeKey() {
		new WebApplicationContextRunner().withConfiguration(UPSELL)
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
			.withPropertyValues("dodo.upsell.api.environment=live-mode", "dodo.upsell.webhook.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MissingDodoSettingsException.class)
				.hasMessageContaining("a live-mode key for https://live.dodopayments.com")
				.hasMessageNotContaining("test-mode key"));
	}

	@Test
	void aWebhookSecretWithoutWhsecIsWarnedAboutWithoutShowingIt(CapturedOutput output) {
		org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader())
			.setLogLevel("dev.upsell.autoconfigure", org.springframework.boot.logging.LogLevel.INFO);
		new WebApplicationContextRunner().withConfiguration(UPSELL)
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
			.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9",
					"dodo.upsell.webhook.secret=c2VjcmV0LWZyb20tYW5vdGhlci1wcm92aWRlcg==")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("dodo.upsell.webhook.secret does not start with whsec_")
			.doesNotContain("c2VjcmV0LWZyb20tYW5vdGhlci1wcm92aWRlcg");
	}

	@Test
	void aMisspeltKeyWarnsAtStartUpWithTheClosestKnownKey(CapturedOutput output) {
		this.runner.withPropertyValues("dodo.upsell.offer.rules[0].id=coaching", "dodo.upsell.offers.ttl=10m",
				"dodo.upsell.api.retry.max-atempts=5")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Unknown setting dodo.upsell.offer.rules[0].id")
			.contains("did you mean dodo.upsell.offers.rules[].id?")
			.contains("Unknown setting dodo.upsell.api.retry.max-atempts")
			.contains("did you mean dodo.upsell.api.retry.max-attempts?")
			.doesNotContain("Unknown setting dodo.upsell.offers.ttl");
	}

	@Test
	void aRuleKindMistakeListsOnlyTheKindsARuleTakes(CapturedOutput output) {
		org.springframework.boot.builder.SpringApplicationBuilder application = new org.springframework.boot.builder.SpringApplicationBuilder(
				KindMistake.class)
			.web(org.springframework.boot.WebApplicationType.NONE)
			.properties("dodo.upsell.api.base-url=http://127.0.0.1:9", "dodo.upsell.offers.rules[0].id=coaching",
					"dodo.upsell.offers.rules[0].trigger-product=prod_course",
					"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.offers.rules[0].kind=downsell");
		org.assertj.core.api.Assertions.assertThatException().isThrownBy(application::run);
		assertThat(output).contains("dodo.upsell.offers.rules[0].kind")
			.contains("The following values are valid")
			.contains("    CROSS_SELL")
			.contains("    UPSELL")
			.doesNotContain("    DOWNSELL")
			.doesNotContain("PLAN_UPGRADE");
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration({ DodoClientAutoConfiguration.class,
			OfferAutoConfiguration.class })
	static class KindMistake {

	}

	@Test
	void everyMissingRequiredSettingIsReportedAtOnce() {
		new WebApplicationContextRunner().withConfiguration(UPSELL)
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).getFailure().rootCause().isInstanceOf(MissingDodoSettingsException.class);
				MissingDodoSettingsException missing = (MissingDodoSettingsException) org.springframework.core.NestedExceptionUtils
					.getMostSpecificCause(context.getStartupFailure());
				assertThat(missing.missing()).hasSize(2);
				org.springframework.boot.diagnostics.FailureAnalysis analysis = new MissingDodoSettingsFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("dodo.upsell.api.key")
					.contains("dodo.upsell.webhook.secret")
					.contains("2 required settings");
			});
	}

	@Test
	void handledWebhookIdsOutliveDodosRedeliveries() {
		// Dodo redelivers for about 27.5 h: a refund redelivered after the id was forgotten would count twice
		this.runner.run((context) -> assertThat(context.getBean(UpsellProperties.class).webhook().dedupeRetention())
			.isGreaterThan(java.time.Duration.ofHours(28)));
	}

	@Test
	void offersWorkWithTheInMemoryRepositoryByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OfferService.class)
				.hasSingleBean(OfferReconciler.class)
				.hasSingleBean(OfferMaintenance.class);
			assertThat(context.getBean(OfferRepository.class)).isInstanceOf(InMemoryOfferRepository.class);
		});
	}

	@Test
	void theHostsOwnRepositoryAndRulesWin() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(OfferRepository.class)).isSameAs(context.getBean(OwnBeans.class).repository);
			assertThat(context.getBean(OfferRules.class)).isSameAs(context.getBean(OwnBeans.class).rules);
		});
	}

	@Test
	void reconciliationCanBeTurnedOff() {
		this.runner.withPropertyValues("dodo.upsell.reconciliation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OfferReconciler.class).hasSingleBean(OfferMaintenance.class));
	}

	@Test
	void rulesAreValidatedAtStartUpNamingTheRule() {
		this.runner
			.withPropertyValues("dodo.upsell.offers.rules[0].id=a", "dodo.upsell.offers.rules[0].trigger-product=p1",
					"dodo.upsell.offers.rules[0].offer-product=p2", "dodo.upsell.offers.rules[1].id=a",
					"dodo.upsell.offers.rules[1].trigger-product=p1", "dodo.upsell.offers.rules[1].offer-product=p3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dodo.upsell.offers.rules[1] (id 'a') repeats the id"));
		this.runner.withPropertyValues("dodo.upsell.offers.rules[0].id=b", "dodo.upsell.offers.rules[0].trigger-product=p1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dodo.upsell.offers.rules[0] (id 'b') has no offer-product"));
		this.runner
			.withPropertyValues("dodo.upsell.offers.rules[0].id=c", "dodo.upsell.offers.rules[0].trigger-product=p1",
					"dodo.upsell.offers.rules[0].offer-product=p2", "dodo.upsell.offers.rules[0].kind=mega-sell")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("dodo.upsell.offers.rules[0].kind")
				.hasStackTraceContaining("mega-sell"));
		this.runner
			.withPropertyValues("dodo.upsell.offers.rules[0].id=d", "dodo.upsell.offers.rules[0].trigger-product=p1",
					"dodo.upsell.offers.rules[0].offer-product=p2", "dodo.upsell.offers.rules[0].kind=plan-upgrade")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("dodo.upsell.offers.rules[0].kind")
				.hasStackTraceContaining("RuleKind"));
	}

	@Test
	void theWebhookEndpointNeedsASecret() {
		new WebApplicationContextRunner().withConfiguration(UPSELL)
			.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dodo.upsell.webhook.secret")
				.hasMessageContaining("DODO_PAYMENTS_WEBHOOK_SECRET"));
	}

	@Test
	void theWebhookEndpointIsRegisteredInWebApps() {
		this.web.run((context) -> assertThat(context).hasSingleBean(StandardWebhookVerifier.class)
			.hasSingleBean(WebhookProcessor.class)
			.hasBean("dodoWebhookRoute"));
	}

	@Test
	void theWebhookEndpointCanBeTurnedOff() {
		this.web.withPropertyValues("dodo.upsell.webhook.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookProcessor.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void noWebhookEndpointOutsideWebApps() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(WebhookProcessor.class));
	}

	@Test
	void offerEndpointsNeedACustomerIdResolver() {
		this.web.run((context) -> assertThat(context).doesNotHaveBean(OfferController.class));
		this.web.withUserConfiguration(Resolver.class)
			.run((context) -> assertThat(context).hasSingleBean(OfferController.class));
		this.web.withUserConfiguration(Resolver.class)
			.withPropertyValues("dodo.upsell.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OfferController.class));
	}

	@Test
	void theHostsContainerAndSecurityChainAreLeftAloneUnlessAskedFor() {
		this.web.withUserConfiguration(Resolver.class).run((context) -> {
			assertThat(context).hasSingleBean(OfferController.class)
				.hasBean("upsellRequestBodyLimitFilter")
				.doesNotHaveBean("upsellErrorResponseFilter")
				.doesNotHaveBean("upsellRejectedPathProblems");
		});
		this.web.withUserConfiguration(Resolver.class)
			.withPropertyValues("dodo.upsell.web.container-problems=true")
			.run((context) -> assertThat(context).hasBean("upsellErrorResponseFilter")
				.hasBean("upsellRejectedPathProblems"));
	}

	@Test
	void retentionFlowsRunOnlyWhenTurnedOnWithTheirSettingsInTheUpsellAndTheirMaintenanceScheduled() {
		this.web.withUserConfiguration(Resolver.class).run((context) -> assertThat(context)
			.doesNotHaveBean(RetentionService.class)
			.doesNotHaveBean(RetentionController.class));
		this.web.withUserConfiguration(Resolver.class)
			.withPropertyValues("dodo.upsell.retention.enabled=true", "dodo.upsell.retention.offers[0].id=pause",
					"dodo.upsell.retention.offers[0].kind=pause", "dodo.upsell.retention.offers[0].cycles=2",
					"dodo.upsell.retention.max-saves-per-customer=3")
			.run((context) -> {
				assertThat(context).hasSingleBean(RetentionController.class).hasSingleBean(RetentionFlowRepository.class);
				RetentionService retention = context.getBean(RetentionService.class);
				assertThat(retention).isSameAs(context.getBean(Upsell.class).retention());
				assertThat(retention.settings().offers()).singleElement()
					.satisfies((offer) -> assertThat(offer.cycles()).isEqualTo(2));
				assertThat(retention.settings().maxSavesPerCustomer()).isEqualTo(3);
				assertThat(retention.settings().reasons()).isEqualTo(RetentionSettings.DODO_REASONS);
			});
		this.runner.withPropertyValues("dodo.upsell.retention.enabled=true", "dodo.upsell.retention.offers[0].id=p",
				"dodo.upsell.retention.offers[0].kind=pause")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pauses for at least 1 cycle"));
	}

	@Test
	void webhookSecretsNeverShowInTheProperties() {
		this.web.run((context) -> assertThat(context.getBean(UpsellProperties.class).toString())
			.doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
	}

	@Test
	void metricsNeedAMeterRegistryAndCanBeTurnedOff() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(UpsellMetrics.class));
		this.runner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(UpsellMetrics.class).doesNotHaveBean(UpsellEndpoint.class));
		this.web.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.endpoints.web.exposure.include=upsell")
			.run((context) -> assertThat(context).hasSingleBean(UpsellEndpoint.class));
		this.runner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("dodo.upsell.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UpsellMetrics.class));
	}

	@Test
	void offerChangesReachTheMetricsAsApplicationEvents() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			dev.upsell.offer.Offer offer = new dev.upsell.offer.Offer("off_1", "cus_1", "coaching",
					dev.upsell.catalog.OfferKind.UPSELL, "prod", 1, new dev.upsell.catalog.Money(100, "USD"),
					dev.upsell.offer.OfferStatus.PRESENTED, null, 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH,
					java.time.Instant.EPOCH, null, null, null, null, null, null, null, 0, 0, java.util.Map.of());
			context.publishEvent(new dev.upsell.offer.OfferChanged(null, offer));
			assertThat(context.getBean(SimpleMeterRegistry.class)
				.get(UpsellMetrics.OFFERS)
				.tag("stage", "presented")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void aDataSourceSelectsTheJdbcStoreAndCreatesItsTablesInAnEmbeddedDatabase() {
		this.web.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:auto1;DB_CLOSE_DELAY=-1")
			.run((context) -> {
				assertThat(context.getBean(OfferRepository.class)).isInstanceOf(JdbcOfferRepository.class);
				assertThat(context.getBean(WebhookDeduplicator.class)).isInstanceOf(JdbcWebhookDeduplicator.class);
				assertThat(context.getBean(WebhookDeduplicator.class).claim("msg_1")).isTrue();
				assertThat(context.getBean(WebhookDeduplicator.class).claim("msg_1")).isFalse();
			});
	}

	@Test
	void theMemoryStoreCanBeChosenDespiteADataSource() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:auto2", "dodo.upsell.store.type=memory")
			.run((context) -> assertThat(context.getBean(OfferRepository.class)).isInstanceOf(InMemoryOfferRepository.class));
	}

	@Test
	void theJdbcStoreWithoutADataSourceFailsClearly() {
		this.runner.withPropertyValues("dodo.upsell.store.type=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("dodo.upsell.store.type")
				.hasMessageContaining("needs a single DataSource"));
	}

	@Test
	void missingTablesFailStartUpSayingHowToCreateThem() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:auto3", "dodo.upsell.store.initialize-schema=never")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("table upsell_offers is missing")
				.hasStackTraceContaining("dodo.upsell.store.initialize-schema=always")
				.hasStackTraceContaining("schema-postgresql.sql"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final OfferRepository repository = new InMemoryOfferRepository();

		final OfferRules rules = mock(OfferRules.class);

		@Bean
		OfferRepository myRepository() {
			return this.repository;
		}

		@Bean
		OfferRules myRules() {
			return this.rules;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Resolver {

		@Bean
		CustomerIdResolver customerIdResolver() {
			return (request) -> Optional.empty();
		}

	}

}
