package dev.upsell.autoconfigure;

import java.net.URI;

/**
 * {@link DodoConnectionDetails} from {@code dodo.upsell.api.*}: the base URL (or the environment's), and the
 * key (required unless the base URL points at a simulator or proxy: {@link RequiredDodoSettings} says so).
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

	/** The key, or empty for a simulator or proxy; a missing one is reported by {@link RequiredDodoSettings}. */
	@Override
	public String apiKey() {
		String key = this.api.key();
		return (key != null) ? key.trim() : "";
	}

	@Override
	public String toString() {
		return "PropertiesDodoConnectionDetails[baseUrl=" + baseUrl() + ", apiKey=******]";
	}

}
