package dev.upsell.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where Dodo is and the credentials it takes: the API root and key, and the webhook signing secret. By default
 * from {@code dodo.upsell.api.*} and {@code dodo.upsell.webhook.secret}; a test support (such as
 * {@code @EnableDodoSimulator}) or a service-connection factory declares a bean instead of rewriting
 * properties.
 */
public interface DodoConnectionDetails extends ConnectionDetails {

	/** The API root, e.g. {@code https://test.dodopayments.com}. */
	URI baseUrl();

	/** The bearer API key; empty for a simulator. */
	String apiKey();

	/**
	 * The webhook signing secret this connection knows, or {@code null} to take
	 * {@code dodo.upsell.webhook.secret}.
	 * @return the secret, if known
	 */
	default @Nullable String webhookSecret() {
		return null;
	}

}
