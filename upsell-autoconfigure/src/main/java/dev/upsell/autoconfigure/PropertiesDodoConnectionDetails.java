package dev.upsell.autoconfigure;

import java.net.URI;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * {@link DodoConnectionDetails} from {@code dodo.upsell.api.*}: the base URL (or the environment's), and the
 * key, required unless the base URL points at a simulator or proxy.
 */
class PropertiesDodoConnectionDetails implements DodoConnectionDetails {

	private final UpsellProperties.Api api;

	PropertiesDodoConnectionDetails(UpsellProperties.Api api) {
		this.api = api;
	}

	@Override
	public URI baseUrl() {
		return (this.api.baseUrl() != null) ? this.api.baseUrl() : this.api.environment().baseUrl();
	}

	@Override
	public String apiKey() {
		String key = this.api.key();
		if ((key == null || key.isBlank()) && this.api.baseUrl() == null) {
			throw new InvalidConfigurationPropertyValueException("dodo.upsell.api.key", "",
					"No Dodo API key is configured. Set dodo.upsell.api.key or the DODO_PAYMENTS_API_KEY "
							+ "environment variable (a test-mode key for " + this.api.environment().baseUrl()
							+ "), or point dodo.upsell.api.base-url at a Dodo simulator.");
		}
		return (key != null) ? key.trim() : "";
	}

	@Override
	public String toString() {
		return "PropertiesDodoConnectionDetails[baseUrl=" + baseUrl() + ", apiKey=******]";
	}

}
