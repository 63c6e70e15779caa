package dev.upsell.contract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.DodoClientSettings;
import dev.upsell.restclient.RestDodoClient;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

/**
 * Where the contract runs: the standalone simulator with its demo data, or Dodo's test mode with the fixtures a
 * test-mode account names in the environment. Never live mode: a base URL on {@code live.} and a key that test
 * mode does not accept are refused before any scenario runs.
 *
 * @param name {@code simulator} or {@code test-mode}
 * @param baseUrl the API root
 * @param apiKey the bearer key
 * @param fixtures the customers, methods, products and subscription the scenarios use; a missing one skips the
 * scenarios that need it
 * @param simulator the simulator, when this is one (for what only a test tool can do: refunds, webhook receipt)
 */
record DodoTarget(String name, URI baseUrl, String apiKey, Map<String, String> fixtures,
		@Nullable DodoSimulator simulator) {

	/** The environment variable with the test-mode key. */
	static final String KEY = "DODO_PAYMENTS_API_KEY";

	/** Dodo's test mode (reference Basics). */
	static final URI TEST_MODE = URI.create("https://test.dodopayments.com");

	/** Each fixture: its name in the scenarios, and the environment variable that names it in test mode. */
	static final Map<String, String> FIXTURE_VARIABLES = Map.ofEntries(Map.entry("customer", "DODO_CONTRACT_CUSTOMER"),
			Map.entry("method", "DODO_CONTRACT_PAYMENT_METHOD"), Map.entry("product", "DODO_CONTRACT_PRODUCT"),
			Map.entry("declining_customer", "DODO_CONTRACT_DECLINING_CUSTOMER"),
			Map.entry("declining_method", "DODO_CONTRACT_DECLINING_METHOD"),
			Map.entry("sca_customer", "DODO_CONTRACT_SCA_CUSTOMER"), Map.entry("sca_method", "DODO_CONTRACT_SCA_METHOD"),
			Map.entry("subscription", "DODO_CONTRACT_SUBSCRIPTION"),
			Map.entry("upgrade_product", "DODO_CONTRACT_UPGRADE_PRODUCT"),
			Map.entry("downgrade_product", "DODO_CONTRACT_DOWNGRADE_PRODUCT"),
			Map.entry("addon", "DODO_CONTRACT_ADDON"),
			Map.entry("addon_subscription", "DODO_CONTRACT_ADDON_SUBSCRIPTION"),
			Map.entry("retention_subscription", "DODO_CONTRACT_RETENTION_SUBSCRIPTION"));

	/**
	 * The simulator with its demo data, as strict as it is by default.
	 * @param simulator a started simulator
	 * @return the target
	 */
	static DodoTarget simulator(DodoSimulator simulator) {
		simulator.addon(new dev.upsell.test.simulator.SimAddon("add_contract_seats", "Seats", 1000, "USD"));
		return new DodoTarget("simulator", simulator.baseUrl(), simulator.apiKey(),
				Map.ofEntries(Map.entry("customer", DemoData.ALICE), Map.entry("method", "pm_alice_visa"),
						Map.entry("product", DemoData.COACHING),
						Map.entry("declining_customer", DemoData.DECLINING_CARD_CUSTOMER),
						Map.entry("declining_method", "pm_declining"),
						Map.entry("sca_customer", DemoData.SCA_CARD_CUSTOMER), Map.entry("sca_method", "pm_sca"),
						Map.entry("subscription", DemoData.ALICE_SUBSCRIPTION),
						Map.entry("upgrade_product", DemoData.PRO), Map.entry("downgrade_product", DemoData.BASIC),
						Map.entry("addon", "add_contract_seats"),
						Map.entry("addon_subscription", DemoData.BOB_SUBSCRIPTION),
						Map.entry("retention_subscription", DemoData.SCA_SUBSCRIPTION)),
				simulator);
	}

	/**
	 * Dodo's test mode, from the environment.
	 * @param environment the environment variables
	 * @return the target, or empty (with why in {@link #whyNot}) without a key
	 * @throws IllegalStateException for a base URL or a key of live mode
	 */
	static Optional<DodoTarget> testMode(Map<String, String> environment) {
		String key = environment.getOrDefault(KEY, "");
		if (key.isBlank()) {
			return Optional.empty();
		}
		URI baseUrl = URI.create(environment.getOrDefault("DODO_CONTRACT_BASE_URL", TEST_MODE.toString()));
		if (baseUrl.getHost() == null || baseUrl.getHost().startsWith("live.")) {
			throw new IllegalStateException("The contract suite never runs against live mode; DODO_CONTRACT_BASE_URL "
					+ "must be Dodo's test mode (" + TEST_MODE + ")");
		}
		if (!acceptedByTestMode(baseUrl, key)) {
			throw new IllegalStateException("Dodo's test mode refuses this DODO_PAYMENTS_API_KEY (a live-mode key, "
					+ "or a wrong one): the contract suite runs only with a test-mode key");
		}
		Map<String, String> fixtures = new java.util.HashMap<>();
		FIXTURE_VARIABLES.forEach((fixture, variable) -> {
			String value = environment.get(variable);
			if (value != null && !value.isBlank()) {
				fixtures.put(fixture, value);
			}
		});
		return Optional.of(new DodoTarget("test-mode", baseUrl, key, Map.copyOf(fixtures), null));
	}

	/** Why test mode does not run. */
	static String whyNot() {
		return "Dodo's test mode is skipped: set " + KEY + " to a test-mode key (and the DODO_CONTRACT_* fixtures, "
				+ "see README) to run the contract against it";
	}

	/** A key test mode accepts answers a harmless read; a live key gets 401 there, and is never sent to live. */
	private static boolean acceptedByTestMode(URI baseUrl, String key) {
		try {
			HttpResponse<Void> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(baseUrl.resolve("/payments?page_size=1"))
					.header("Authorization", "Bearer " + key)
					.timeout(Duration.ofSeconds(20))
					.build(), HttpResponse.BodyHandlers.discarding());
			return answer.statusCode() != 401 && answer.statusCode() != 403;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Dodo's test mode cannot be reached at " + baseUrl + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while checking the key");
		}
	}

	/** The library's own client for this target: the contract checks what dodo-upsell relies on. */
	DodoClient client() {
		return new RestDodoClient(RestClient.builder(), new DodoClientSettings(this.baseUrl, this.apiKey,
				Duration.ofSeconds(5), Duration.ofSeconds(30), new DodoClientSettings.ReadRetry(3,
						Duration.ofMillis(200), Duration.ofSeconds(2))));
	}

	/**
	 * A fixture, or an aborted scenario naming the variable that would give it.
	 * @param name the fixture
	 * @return its value
	 */
	String fixture(String name) {
		String value = this.fixtures.get(name);
		org.junit.jupiter.api.Assumptions.assumeTrue(value != null,
				() -> "needs fixture '" + name + "': set " + FIXTURE_VARIABLES.get(name));
		return value;
	}

}
