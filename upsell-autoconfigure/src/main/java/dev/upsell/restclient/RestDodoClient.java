package dev.upsell.restclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import dev.upsell.dodo.CheckoutPreview;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.DodoJson;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.restclient.internal.DodoErrorDecoder;
import dev.upsell.restclient.internal.ReadRetryInterceptor;

/**
 * {@link DodoClient} on Spring's {@link RestClient}.
 * <p>
 * Reads are retried by a {@link ReadRetryInterceptor}; POSTs are sent once, whatever happens, because Dodo
 * takes no idempotency key. Answers are read by {@link DodoErrorDecoder}: errors become
 * {@link DodoApiException}. Each call is observed once (retries included) through a
 * {@link DodoRequestObservationConvention}. The API key is sent only in the {@code Authorization} header and
 * never logged.
 */
public final class RestDodoClient implements DodoClient {

	private static final DodoRequestObservationConvention DEFAULT_CONVENTION = new DefaultDodoRequestObservationConvention();

	private final RestClient restClient;

	private final JsonMapper json = DodoJson.mapper();

	private final DodoErrorDecoder decoder = new DodoErrorDecoder(this.json);

	private final ObservationRegistry observations;

	private final @Nullable DodoRequestObservationConvention convention;

	/**
	 * Creates a client on the JDK's HTTP client, without observations.
	 * @param builder a {@link RestClient.Builder}; it is cloned, not changed
	 * @param settings where and how to reach Dodo
	 */
	public RestDodoClient(RestClient.Builder builder, DodoClientSettings settings) {
		this(builder, settings, ObservationRegistry.NOOP);
	}

	/**
	 * Creates a client on the JDK's HTTP client (no redirects followed).
	 * @param builder a {@link RestClient.Builder}; it is cloned, not changed
	 * @param settings where and how to reach Dodo
	 * @param observations the observation registry
	 */
	public RestDodoClient(RestClient.Builder builder, DodoClientSettings settings, ObservationRegistry observations) {
		this(configure(builder, jdkRequestFactory(settings), settings), observations, null);
	}

	/**
	 * Creates a client on a configured {@link RestClient} (see {@link #configure}).
	 * @param restClient the client, with Dodo's base URL and the API key
	 * @param observations the observation registry
	 * @param convention names and tags the observations; {@code null} for the default
	 */
	public RestDodoClient(RestClient restClient, ObservationRegistry observations,
			@Nullable DodoRequestObservationConvention convention) {
		this.restClient = restClient;
		this.observations = observations;
		this.convention = convention;
	}

	/**
	 * Configures a {@link RestClient} for Dodo: base URL, bearer key, JSON, the request factory, and GET retries.
	 * @param builder a {@link RestClient.Builder}, e.g. Boot's (so {@code http.client.requests} observations
	 * apply); it is cloned, not changed
	 * @param requestFactory the HTTP client, with its timeouts; it must not follow redirects
	 * @param settings where and how to reach Dodo
	 * @return the client
	 */
	public static RestClient configure(RestClient.Builder builder, ClientHttpRequestFactory requestFactory,
			DodoClientSettings settings) {
		RestClient.Builder configured = builder.clone()
			.baseUrl(settings.baseUrl().toString())
			.requestFactory(requestFactory)
			.requestInterceptor(new ReadRetryInterceptor(settings.retry()))
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		if (!settings.apiKey().isEmpty()) {
			configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
		}
		return configured.build();
	}

	private static ClientHttpRequestFactory jdkRequestFactory(DodoClientSettings settings) {
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(settings.readTimeout());
		return requestFactory;
	}

	@Override
	public List<PaymentMethod> listPaymentMethods(String customerId) {
		return get(ItemsOfPaymentMethods.class,
				"GET /customers/{id}/payment-methods", (uri) -> uri.path("/customers/{id}/payment-methods").build(customerId))
			.items();
	}

	@Override
	public CheckoutSession createCheckoutSession(CheckoutSessionRequest request) {
		return post(CheckoutSession.class, "POST /checkouts", "/checkouts", request);
	}

	@Override
	public CheckoutPreview previewCheckout(CheckoutSessionRequest request) {
		return post(CheckoutPreview.class, "POST /checkouts/preview", "/checkouts/preview", request);
	}

	@Override
	public CheckoutSessionStatus getCheckoutSession(String sessionId) {
		return get(CheckoutSessionStatus.class, "GET /checkouts/{id}",
				(uri) -> uri.path("/checkouts/{id}").build(sessionId));
	}

	@Override
	public PaymentCreated createPayment(OneTimePaymentRequest request) {
		return post(PaymentCreated.class, "POST /payments", "/payments", request);
	}

	@Override
	public Payment getPayment(String paymentId) {
		return get(Payment.class, "GET /payments/{id}", (uri) -> uri.path("/payments/{id}").build(paymentId));
	}

	@Override
	public List<Payment> listPayments(PaymentQuery query) {
		return get(ItemsOfPayments.class, "GET /payments", (uri) -> {
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
		}).items();
	}

	@Override
	public Subscription getSubscription(String subscriptionId) {
		return get(Subscription.class, "GET /subscriptions/{id}",
				(uri) -> uri.path("/subscriptions/{id}").build(subscriptionId));
	}

	@Override
	public Subscription updateSubscription(String subscriptionId, SubscriptionUpdate update) {
		// Moves no money; sent once like every write (again only after a 429, which Dodo refuses before doing anything)
		return send(HttpMethod.PATCH, Subscription.class, "PATCH /subscriptions/{id}", "/subscriptions/{id}", update,
				subscriptionId);
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
	public void cancelScheduledPlanChange(String subscriptionId) {
		// Moves no money; sent once like every write. A second one after a lost answer is Dodo's 404: the caller reads back
		String operation = "DELETE /subscriptions/{id}/change-plan/scheduled";
		observed(operation, () -> {
			try {
				return this.restClient.method(HttpMethod.DELETE)
					.uri("/subscriptions/{id}/change-plan/scheduled", subscriptionId)
					.exchange((request, response) -> this.decoder.decode(operation, response, Object.class), true);
			}
			catch (ResourceAccessException ex) {
				throw DodoErrorDecoder.noResponse(operation, ex);
			}
		});
	}

	@Override
	public Product getProduct(String productId) {
		return get(Product.class, "GET /products/{id}", (uri) -> uri.path("/products/{id}").build(productId));
	}

	@Override
	public Discount createDiscount(DiscountRequest request) {
		// Moves no money. A code sent twice (a lost answer) is refused the second time (409): the caller reads it back.
		return post(Discount.class, "POST /discounts", "/discounts", request);
	}

	@Override
	public Discount getDiscountByCode(String code) {
		return get(Discount.class, "GET /discounts/code/{code}", (uri) -> uri.path("/discounts/code/{code}").build(code));
	}

	private static void queryParam(UriBuilder uri, String name, @Nullable Object value) {
		if (value != null) {
			uri.queryParam(name, value);
		}
	}

	private <T> T get(Class<T> type, String operation, Function<UriBuilder, URI> uri) {
		return observed(operation, () -> {
			try {
				return this.restClient.method(HttpMethod.GET)
					.uri(uri)
					.exchange((request, response) -> this.decoder.decode(operation, response, type), true);
			}
			catch (ResourceAccessException ex) {
				throw DodoErrorDecoder.noResponse(operation, ex);
			}
		});
	}

	private <T> T post(Class<T> type, String operation, String path, Object body, Object... uriVariables) {
		return send(HttpMethod.POST, type, operation, path, body, uriVariables);
	}

	private <T> T send(HttpMethod method, Class<T> type, String operation, String path, Object body,
			Object... uriVariables) {
		byte[] payload = this.json.writeValueAsBytes(body);
		return observed(operation, () -> {
			try {
				T result = this.restClient.method(method)
					.uri(path, uriVariables)
					.contentType(MediaType.APPLICATION_JSON)
					.body(payload)
					.exchange((request, response) -> this.decoder.decode(operation, response, type), true);
				if (result == null && type != PlanChangeResult.class) {
					throw new DodoApiException(operation, 200, "EMPTY_RESPONSE", "Dodo answered with an empty body");
				}
				return result;
			}
			catch (ResourceAccessException ex) {
				// Never retried: Dodo may have charged. The caller settles the outcome by webhook or by a read.
				throw DodoErrorDecoder.noResponse(operation, ex);
			}
		});
	}

	private <T> T observed(String operation, Supplier<T> call) {
		DodoRequestObservationContext context = new DodoRequestObservationContext(operation);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.observations)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = call.get();
			context.succeeded();
			return result;
		}
		catch (DodoApiException ex) {
			context.failed(ex);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
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
