package dev.upsell.autoconfigure;

import java.time.Clock;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import dev.upsell.Upsell;
import dev.upsell.UpsellEventPublisher;
import dev.upsell.web.internal.ReactiveWebhookEndpoint;
import dev.upsell.web.internal.WebhookEndpoint;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.DodoEventParser;
import dev.upsell.webhook.HmacWebhookVerifier;
import dev.upsell.webhook.InMemoryWebhookDeduplicator;
import dev.upsell.webhook.StandardWebhookVerifier;
import dev.upsell.webhook.WebhookDeduplicator;
import dev.upsell.webhook.WebhookProcessor;

/**
 * Auto-configures the webhook endpoint at {@code dodo.upsell.webhook.path} in servlet and reactive web
 * applications (a Spring MVC or a WebFlux functional endpoint, as the application's stack is): verification with
 * the configured secret(s), deduplication, offer settlement, and publication of typed {@link DodoEvent}s as
 * application events. Fails start-up when enabled without a secret.
 */
@AutoConfiguration(after = { DodoClientAutoConfiguration.class, OfferAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "dodo.upsell.webhook.enabled", matchIfMissing = true)
public final class WebhookAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WebhookAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	StandardWebhookVerifier standardWebhookVerifier(UpsellProperties properties, DodoConnectionDetails connection,
			ObjectProvider<Clock> clock, ApplicationContext context, ConfigurableListableBeanFactory beanFactory) {
		RequiredDodoSettings.check(properties, connection, context, RequiredDodoSettings.clientIsOurs(beanFactory));
		List<String> secrets = properties.webhook().secrets(connection.webhookSecret());
		for (int i = 0; i < secrets.size(); i++) {
			if (!secrets.get(i).startsWith("whsec_")) {
				logger.warn(((i == 0) ? "dodo.upsell.webhook.secret" : "dodo.upsell.webhook.previous-secret")
						+ " does not start with whsec_: Dodo's dashboard shows its signing secret as whsec_...; unless "
						+ "this is the part after whsec_, every webhook will fail verification (401)");
			}
		}
		try {
			return new HmacWebhookVerifier(secrets, properties.webhook().tolerance(),
					clock.getIfAvailable(Clock::systemUTC));
		}
		catch (IllegalArgumentException ex) {
			// the value is a secret: named, never shown (Boot's analyzer for invalid values would print it)
			throw new InvalidDodoSettingException("dodo.upsell.webhook.secret", ex.getMessage()
					+ ". Copy the whsec_... secret exactly as Dodo's dashboard shows it "
					+ "(dodo.upsell.webhook.secret, or previous-secret for the second one).");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookDeduplicator webhookDeduplicator(UpsellProperties properties, ObjectProvider<Clock> clock) {
		return new InMemoryWebhookDeduplicator(properties.webhook().dedupeRetention(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookProcessor webhookProcessor(StandardWebhookVerifier verifier, WebhookDeduplicator deduplicator,
			ObjectProvider<Upsell> upsell, ObjectProvider<UpsellEventPublisher> events,
			ApplicationEventPublisher publisher) {
		Upsell assembled = upsell.getIfAvailable();
		if (assembled != null) {
			return assembled.webhookProcessor(verifier, deduplicator);
		}
		// no Dodo client, so no offers to settle: the events still reach the host
		UpsellEventPublisher bridge = events.getIfAvailable(() -> publisher::publishEvent);
		return new WebhookProcessor(verifier, new DodoEventParser(), deduplicator, List.of(bridge::publish), bridge);
	}

	/** The endpoint of servlet hosts (Spring MVC). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(RouterFunction.class)
	static class ServletEndpoint {

		@Bean
		RouterFunction<ServerResponse> dodoWebhookRoute(WebhookProcessor processor, UpsellProperties properties) {
			return RouterFunctions.route()
				.POST(properties.webhook().path(), new WebhookEndpoint(processor, properties.webhook().maxBodySize()))
				.build();
		}

	}

	/** The endpoint of reactive hosts (WebFlux). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(org.springframework.web.reactive.function.server.RouterFunction.class)
	static class ReactiveEndpoint {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> dodoReactiveWebhookRoute(
				WebhookProcessor processor, UpsellProperties properties) {
			return org.springframework.web.reactive.function.server.RouterFunctions.route()
				.POST(properties.webhook().path(),
						new ReactiveWebhookEndpoint(processor, properties.webhook().maxBodySize()))
				.build();
		}

	}

}
