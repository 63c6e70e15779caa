package dev.upsell.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.WebApplicationContext;

import dev.upsell.dodo.DodoClient;

/**
 * Every required dodo-upsell setting, checked at once by whichever bean that needs one is created first (the
 * Dodo client, the webhook verifier): a host missing two hears of both on the first start.
 */
final class RequiredDodoSettings {

	private RequiredDodoSettings() {
	}

	/**
	 * Checks the settings.
	 * @param properties the properties
	 * @param connection where Dodo is
	 * @param context the application context
	 * @param clientIsOurs whether the auto-configured Dodo client is used (it needs the API key)
	 * @throws MissingDodoSettingsException listing every missing setting
	 */
	static void check(UpsellProperties properties, DodoConnectionDetails connection, ApplicationContext context,
			boolean clientIsOurs) {
		List<String> missing = new ArrayList<>();
		UpsellProperties.Api api = properties.api();
		if (clientIsOurs && connection instanceof PropertiesDodoConnectionDetails
				&& (api.key() == null || api.key().isBlank()) && api.baseUrl() == null) {
			String mode = (api.environment() == UpsellProperties.DodoEnvironment.LIVE_MODE) ? "a live-mode" : "a test-mode";
			missing.add("dodo.upsell.api.key (or DODO_PAYMENTS_API_KEY): the Dodo API key, " + mode + " key for "
					+ api.environment().baseUrl() + "; or point dodo.upsell.api.base-url at a Dodo simulator");
		}
		UpsellProperties.Webhook webhook = properties.webhook();
		boolean endpoint = webhook.enabled() && context instanceof WebApplicationContext;
		if (endpoint && connection.webhookSecret() == null && (webhook.secret() == null || webhook.secret().isBlank())) {
			missing.add("dodo.upsell.webhook.secret (or DODO_PAYMENTS_WEBHOOK_SECRET): the whsec_... secret from "
					+ "Dodo's dashboard; or dodo.upsell.webhook.enabled=false");
		}
		if (!missing.isEmpty()) {
			throw new MissingDodoSettingsException(missing);
		}
	}

	/**
	 * Whether the Dodo client is the auto-configured one (a host's own client needs no API key of ours).
	 * @param beanFactory the bean factory
	 * @return whether every Dodo client bean comes from {@link DodoClientAutoConfiguration}
	 */
	static boolean clientIsOurs(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanNamesForType(DodoClient.class, true, false)) {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
			String factory = definition.getFactoryBeanName();
			if (factory == null || !factory.equals(DodoClientAutoConfiguration.class.getName())) {
				return false;
			}
		}
		return true;
	}

}
