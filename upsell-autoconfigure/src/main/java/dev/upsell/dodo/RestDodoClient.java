package dev.upsell.dodo;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * {@link DodoClient} on Spring's {@link RestClient}.
 * <p>
 * Reads are retried per {@link DodoClientSettings.ReadRetry}; POSTs are sent once, whatever happens, because
 * Dodo takes no idempotency key. Errors become {@link DodoApiException}; the API key is sent only in the
 * {@code Authorization} header and never logged.
 */
public final class RestDodoClient implements DodoClient {

	private static final Log logger = LogFactory.getLog(RestDodoClient.class);

	private static final int MAX_ERROR_TEXT = 300;

	private final RestClient restClient;

	private final DodoClientSettings.ReadRetry retry;

	private final JsonMapper json = DodoJson.mapper();

	private final ObservationRegistry observations;

	/**
	 * Creates a client without observations.
	 * @param builder a {@link RestClient.Builder}; it is cloned, not changed
	 * @param settings where and how to reach Dodo
	 */
	public RestDodoClient(RestClient.Builder builder, DodoClientSettings settings) {
		this(builder, settings, ObservationRegistry.NOOP);
	}

	/**
	 * Creates a client whose every HTTP call is observed as {@code upsell.dodo.requests} with the low-cardinality
	 * keys {@code operation} (e.g. {@code POST /checkouts}) and {@code outcome} ({@code success},
	 * {@code client_error}, {@code server_error}, {@code timeout}, {@code connection_error}).
	 * @param builder a {@link RestClient.Builder}, e.g. Boot's (so {@code http.client.requests} metrics and
	 * tracing apply); it is cloned, not changed
	 * @param settings where and how to reach Dodo
	 * @param observations the observation registry
	 */
	public RestDodoClient(RestClient.Builder builder, DodoClientSettings settings, ObservationRegistry observations) {
		this.observations = observations;
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(settings.readTimeout());
		RestClient.Builder configured = builder.clone()
			.baseUrl(settings.baseUrl().toString())
			.requestFactory(requestFactory)
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		if (!settings.apiKey().isEmpty()) {
			configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
		}
		this.restClient = configured.build();
		this.retry = settings.retry();
	}

	@Override
	public List<PaymentMethod> listPaymentMethods(String customerId) {
		return read("GET /customers/{id}/payment-methods", () -> get(ItemsOfPaymentMethods.class,
				"GET /customers/{id}/payment-methods", (uri) -> uri.path("/customers/{id}/payment-methods").build(customerId)))
			.items();
	}

	@Override
	public CheckoutSession createCheckoutSession(CheckoutSessionRequest request) {
		return post(CheckoutSession.class, "POST /checkouts", "/checkouts", request);
	}

	@Override
	public CheckoutSessionStatus getCheckoutSession(String sessionId) {
		return read("GET /checkouts/{id}", () -> get(CheckoutSessionStatus.class, "GET /checkouts/{id}",
				(uri) -> uri.path("/checkouts/{id}").build(sessionId)));
	}

	@Override
	public PaymentCreated createPayment(OneTimePaymentRequest request) {
		return post(PaymentCreated.class, "POST /payments", "/payments", request);
	}

	@Override
	public Payment getPayment(String paymentId) {
		return read("GET /payments/{id}",
				() -> get(Payment.class, "GET /payments/{id}", (uri) -> uri.path("/payments/{id}").build(paymentId)));
	}

	@Override
	public List<Payment> listPayments(PaymentQuery query) {
		return read("GET /payments", () -> get(ItemsOfPayments.class, "GET /payments", (uri) -> {
			uri.path("/payments")
				.queryParam("page_number", query.pageNumber())
				.queryParam("page_size", query.pageSize());
			queryParam(uri, "customer_id", query.customerId());
			queryParam(uri, "subscription_id", query.subscriptionId());
			queryParam(uri, "product_id", query.productId());
			queryParam(uri, "status", (query.status() != null) ? this.json.writeValueAsString(query.status()).replace("\"", "") : null);
			queryParam(uri, "created_at_gte", (query.createdAtGte() != null) ? query.createdAtGte().toString() : null);
			queryParam(uri, "created_at_lte", (query.createdAtLte() != null) ? query.createdAtLte().toString() : null);
			return uri.build();
		})).items();
	}

	@Override
	public Subscription getSubscription(String subscriptionId) {
		return read("GET /subscriptions/{id}", () -> get(Subscription.class, "GET /subscriptions/{id}",
				(uri) -> uri.path("/subscriptions/{id}").build(subscriptionId)));
	}

	@Override
	public PlanChangePreview previewPlanChange(String subscriptionId, PlanChangeRequest request) {
		// Moves no money, but it is a POST: sent once like the rest, the caller may simply ask again.
		return post(PlanChangePreview.class, "POST /subscriptions/{id}/change-plan/preview",
				"/subscriptions/{id}/change-plan/preview", request, subscriptionId);
	}

	@Override
	public PlanChangeResult changePlan(String subscriptionId, PlanChangeRequest request) {
		PlanChangeResult result = post(PlanChangeResult.class, "POST /subscriptions/{id}/change-plan",
				"/subscriptions/{id}/change-plan", request, subscriptionId);
		return (result != null) ? result : PlanChangeResult.empty();
	}

	@Override
	public Product getProduct(String productId) {
		return read("GET /products/{id}",
				() -> get(Product.class, "GET /products/{id}", (uri) -> uri.path("/products/{id}").build(productId)));
	}

	private static void queryParam(UriBuilder uri, String name, @Nullable Object value) {
		if (value != null) {
			uri.queryParam(name, value);
		}
	}

	private <T> T get(Class<T> type, String operation, java.util.function.Function<UriBuilder, java.net.URI> uri) {
		return observed(operation, () -> doGet(type, operation, uri));
	}

	private <T> T doGet(Class<T> type, String operation, java.util.function.Function<UriBuilder, java.net.URI> uri) {
		try {
			return this.restClient.method(HttpMethod.GET)
				.uri(uri)
				.exchange((request, response) -> decode(operation, response, type), true);
		}
		catch (ResourceAccessException ex) {
			throw noResponse(operation, ex);
		}
	}

	private <T> T post(Class<T> type, String operation, String path, Object body, Object... uriVariables) {
		return observed(operation, () -> doPost(type, operation, path, body, uriVariables));
	}

	private <T> T observed(String operation, Supplier<T> call) {
		Observation observation = Observation.createNotStarted("upsell.dodo.requests", this.observations)
			.contextualName("dodo " + operation)
			.lowCardinalityKeyValue("operation", operation)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = call.get();
			observation.lowCardinalityKeyValue("outcome", "success");
			return result;
		}
		catch (DodoApiException ex) {
			observation.lowCardinalityKeyValue("outcome", outcome(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static String outcome(DodoApiException ex) {
		if (ex.isTimeout()) {
			return "timeout";
		}
		if (ex.isNoResponse()) {
			return "connection_error";
		}
		return (ex.status() >= 500) ? "server_error" : "client_error";
	}

	private <T> T doPost(Class<T> type, String operation, String path, Object body, Object... uriVariables) {
		byte[] payload = this.json.writeValueAsBytes(body);
		try {
			T result = this.restClient.method(HttpMethod.POST)
				.uri(path, uriVariables)
				.contentType(MediaType.APPLICATION_JSON)
				.body(payload)
				.exchange((request, response) -> decode(operation, response, type), true);
			if (result == null && type != PlanChangeResult.class) {
				throw new DodoApiException(operation, 200, "EMPTY_RESPONSE", "Dodo answered with an empty body");
			}
			return result;
		}
		catch (ResourceAccessException ex) {
			// Never retried: Dodo may have charged. The caller settles the outcome by webhook or by a read.
			throw noResponse(operation, ex);
		}
	}

	private <T> @Nullable T decode(String operation, ClientHttpResponse response, Class<T> type) throws IOException {
		int status = response.getStatusCode().value();
		byte[] body = StreamUtils.copyToByteArray(response.getBody());
		if (status >= 400) {
			throw error(operation, status, body, response.getHeaders());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Dodo " + operation + " -> " + status);
		}
		if (body.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new DodoApiException(operation, status, "UNREADABLE_RESPONSE",
					"Dodo's response could not be read as " + type.getSimpleName() + ": " + ex.getOriginalMessage());
		}
	}

	private DodoApiException error(String operation, int status, byte[] body, HttpHeaders headers) {
		String code = null;
		String message = null;
		try {
			JsonNode node = (body.length > 0) ? this.json.readTree(body) : null;
			if (node != null && node.has("error") && node.get("error").isObject()) {
				node = node.get("error");
			}
			if (node != null && node.isObject()) {
				code = text(node, "code");
				message = text(node, "message");
			}
		}
		catch (JacksonException ex) {
			// not JSON (e.g. a proxy's HTML page): status alone says enough
		}
		logger.debug("Dodo " + operation + " -> " + status + " " + code);
		return new DodoApiException(operation, status, code, message, retryAfter(headers), shouldRetry(headers));
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		String text = value.asString();
		return (text.length() > MAX_ERROR_TEXT) ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
	}

	private static @Nullable Duration retryAfter(HttpHeaders headers) {
		try {
			String millis = headers.getFirst("retry-after-ms");
			if (millis != null) {
				return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
			}
			String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
			if (value == null) {
				return null;
			}
			if (value.trim().chars().allMatch(Character::isDigit)) {
				return Duration.ofSeconds(Long.parseLong(value.trim()));
			}
			Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(Instant.now(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Boolean shouldRetry(HttpHeaders headers) {
		String value = headers.getFirst("x-should-retry");
		return (value != null) ? Boolean.valueOf(value.trim()) : null;
	}

	private static DodoApiException noResponse(String operation, ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return new DodoApiException(operation, true, cause);
			}
		}
		Throwable root = (ex.getCause() != null) ? ex.getCause() : ex;
		return new DodoApiException(operation, false, root);
	}

	private <T> T read(String operation, Supplier<T> call) {
		for (int attempt = 1;; attempt++) {
			try {
				return call.get();
			}
			catch (DodoApiException ex) {
				Duration wait = retryWait(ex, attempt);
				if (wait == null) {
					throw ex;
				}
				logger.debug("Retrying Dodo " + operation + " in " + wait.toMillis() + " ms after " + ex.getMessage());
				sleep(wait, ex);
			}
		}
	}

	private @Nullable Duration retryWait(DodoApiException ex, int attempt) {
		if (attempt >= this.retry.maxAttempts() || Boolean.FALSE.equals(ex.shouldRetryHint())) {
			return null;
		}
		int status = ex.status();
		boolean retryable = status == 0 || status == 408 || status == 429 || status >= 500
				|| Boolean.TRUE.equals(ex.shouldRetryHint());
		if (!retryable) {
			return null;
		}
		Duration hinted = ex.retryAfter().orElse(null);
		if (hinted == null) {
			return this.retry.backoff(attempt);
		}
		return (hinted.compareTo(this.retry.maxBackoff()) <= 0) ? hinted : null;
	}

	private static void sleep(Duration wait, DodoApiException failure) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure;
		}
	}

	private record ItemsOfPaymentMethods(List<PaymentMethod> items) {
		ItemsOfPaymentMethods {
			items = (items != null) ? items : List.of();
		}
	}

	private record ItemsOfPayments(List<Payment> items) {
		ItemsOfPayments {
			items = (items != null) ? items : List.of();
		}
	}

}
