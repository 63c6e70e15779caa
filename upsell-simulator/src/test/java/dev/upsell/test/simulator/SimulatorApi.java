package dev.upsell.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP calls to the simulator, for its own tests (the typed client lives in the autoconfigure module). */
final class SimulatorApi {

	record Response(int status, JsonNode body) {
	}

	/** A full billing address, which a confirmed checkout session needs. */
	static final String ADDRESS = """
			{"country":"US","state":"CA","city":"San Francisco","street":"1 Market St","zipcode":"94105"}""";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI baseUrl;

	private final String apiKey;

	SimulatorApi(DodoSimulator simulator) {
		this.baseUrl = simulator.baseUrl();
		this.apiKey = simulator.apiKey();
	}

	/** A request with the bearer key Dodo requires on every API call. */
	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.baseUrl.resolve(path)).header("Authorization", "Bearer " + this.apiKey);
	}

	/** A GET without any key. */
	Response getWithoutKey(String path) throws Exception {
		return send(HttpRequest.newBuilder(this.baseUrl.resolve(path)).GET().build());
	}

	Response get(String path) throws Exception {
		return send(request(path).GET().build());
	}

	Response post(String path, String body) throws Exception {
		return send(request(path)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	Response oneClick(String customerId, String paymentMethodId, String productId) throws Exception {
		return post("/checkouts", """
				{"product_cart":[{"product_id":"%s","quantity":1}],"customer":{"customer_id":"%s"},
				 "payment_method_id":"%s","confirm":true,"metadata":{"offer_id":"off_1"},"billing_address":%s}"""
			.formatted(productId, customerId, paymentMethodId, ADDRESS));
	}

	Response patch(String path, String body) throws Exception {
		return send(request(path)
			.header("content-type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	Response delete(String path) throws Exception {
		return send(request(path).DELETE().build());
	}

	private Response send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		boolean isJson = response.headers().firstValue("content-type").orElse("").startsWith("application/json");
		return new Response(response.statusCode(), (response.body().isEmpty() || !isJson) ? json.createObjectNode()
				: json.readTree(response.body()));
	}

}
