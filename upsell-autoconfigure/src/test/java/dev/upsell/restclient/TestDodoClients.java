package dev.upsell.restclient;

import java.time.Duration;

import org.springframework.web.client.RestClient;

import dev.upsell.dodo.DodoClient;
import dev.upsell.test.simulator.DodoSimulator;

/** Clients for tests against the simulator: quick retries, a given read timeout. */
public final class TestDodoClients {

	private TestDodoClients() {
	}

	public static DodoClient client(DodoSimulator dodo, String apiKey, Duration readTimeout) {
		return new RestDodoClient(RestClient.builder(), new DodoClientSettings(dodo.baseUrl(), apiKey.isEmpty() ? dodo.apiKey() : apiKey,
				Duration.ofSeconds(1), readTimeout, new DodoClientSettings.ReadRetry(3, Duration.ofMillis(10),
						Duration.ofMillis(200))));
	}

}
