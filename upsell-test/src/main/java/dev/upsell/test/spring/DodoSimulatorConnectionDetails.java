package dev.upsell.test.spring;

import java.net.URI;

import dev.upsell.autoconfigure.DodoConnectionDetails;
import dev.upsell.test.simulator.DodoSimulator;

/**
 * The simulator as the starter's {@link DodoConnectionDetails}: its base URL, a key it accepts, and its webhook
 * secret, so the auto-configuration connects to it without a property being rewritten (as Spring Boot's service
 * connections do for Testcontainers).
 *
 * @param simulator the running simulator
 */
public record DodoSimulatorConnectionDetails(DodoSimulator simulator) implements DodoConnectionDetails {

	@Override
	public URI baseUrl() {
		return this.simulator.baseUrl();
	}

	@Override
	public String apiKey() {
		return this.simulator.apiKey();
	}

	@Override
	public String webhookSecret() {
		return this.simulator.webhookSecret();
	}

	@Override
	public String toString() {
		// never the key or the secret
		return "DodoSimulatorConnectionDetails[" + this.simulator.baseUrl() + "]";
	}

}
