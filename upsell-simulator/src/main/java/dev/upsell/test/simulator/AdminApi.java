package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's own control API, under {@value #PREFIX}, so tests in any language and the demo can drive
 * the standalone simulator over HTTP. JSON in, JSON out; errors in Dodo's {@code {code, message}} shape.
 * {@code GET /_simulator} lists the endpoints (the same table as {@link #ENDPOINTS}).
 */
final class AdminApi {

	/** The path prefix of the admin API. */
	static final String PREFIX = "/_simulator";

	/** Each endpoint and what it does. */
	static final Map<String, String> ENDPOINTS = endpoints();

	private final DodoSimulator simulator;

	private final JsonMapper json;

	AdminApi(DodoSimulator simulator, JsonMapper json) {
		this.simulator = simulator;
		this.json = json;
	}

	private static Map<String, String> endpoints() {
		Map<String, String> endpoints = new LinkedHashMap<>();
		endpoints.put("GET /_simulator", "this list");
		endpoints.put("POST /_simulator/reset", "forget everything, re-seed the demo data, restore modes and timing");
		endpoints.put("GET /_simulator/state", "{report}: the simulator's state as text");
		endpoints.put("POST /_simulator/faults",
				"{operation, kind: fail_before|fail_after|delay|lose_answer|garbage_empty|garbage_html, status?, delay_ms?, times?}");
		endpoints.put("DELETE /_simulator/faults", "remove every fault");
		endpoints.put("POST /_simulator/clock/advance", "{seconds}: move the clock; renewals and timeouts run");
		endpoints.put("POST /_simulator/webhooks/timing",
				"{mode: mixed|before_answer|after_answer|late, seed?, min_ms?, max_ms?}");
		endpoints.put("GET /_simulator/webhooks", "{items: [{webhook_id, type, created_at}]}: events emitted");
		endpoints.put("POST /_simulator/modes",
				"{strict_billing_address?, plan_change_failure_default?, settlement_delay_ms?, authentication_timeout_ms?, omit_fresh_payment_status?}");
		endpoints.put("POST /_simulator/customers", "{customer_id, email, name, cards: [card]}: add or replace");
		endpoints.put("POST /_simulator/customers/{id}/cards",
				"{payment_method_id, behaviour?, network?, last4?, expiry_month?, expiry_year?, issuing_country?, currencies?, recurring_enabled?}");
		endpoints.put("GET /_simulator/charges", "{items: [payment]}: payments that charged a saved card");
		endpoints.put("POST /_simulator/payments/{id}/refund", "{amount?}: refund in full or in part");
		endpoints.put("POST /_simulator/payments/{id}/authenticate", "{complete: true|false}: finish or cancel 3-D Secure");
		endpoints.put("POST /_simulator/checkouts/{id}/complete", "the customer pays on the hosted checkout page");
		endpoints.put("POST /_simulator/subscriptions/{id}/cancel", "cancel a subscription now");
		return endpoints;
	}

	void handle(HttpExchange exchange, String method, String path, byte[] raw) throws IOException {
		try {
			JsonNode body = (raw.length > 0) ? this.json.readTree(raw) : this.json.createObjectNode();
			Object answer = route(method, path.isEmpty() ? "/" : path, body);
			write(exchange, 200, (answer != null) ? answer : Map.of("ok", true));
		}
		catch (JacksonException ex) {
			write(exchange, 400, error("BAD_REQUEST", "The body is not valid JSON"));
		}
		catch (ApiError ex) {
			write(exchange, ex.status(), error(ex.code(), ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			write(exchange, 422, error("INVALID_REQUEST", ex.getMessage()));
		}
	}

	private @Nullable Object route(String method, String path, JsonNode body) {
		String[] parts = path.split("/");
		String key = method + " " + path;
		switch (key) {
			case "GET /" -> {
				return Map.of("endpoints", ENDPOINTS);
			}
			case "POST /reset" -> {
				this.simulator.reset();
				return null;
			}
			case "GET /state" -> {
				return Map.of("report", this.simulator.describe());
			}
			case "POST /faults" -> {
				addFault(body);
				return null;
			}
			case "DELETE /faults" -> {
				this.simulator.faults().clear();
				return null;
			}
			case "POST /clock/advance" -> {
				this.simulator.clock().advance(Duration.ofSeconds(required(body, "seconds").asLong()));
				return Map.of("now", this.simulator.clock().instant().toString());
			}
			case "POST /webhooks/timing" -> {
				this.simulator.webhooks().timing(timing(body));
				return Map.of("timing", this.simulator.webhooks().timing().toString());
			}
			case "GET /webhooks" -> {
				return Map.of("items", this.simulator.webhooks()
					.events()
					.stream()
					.map((event) -> (Object) Map.of("webhook_id", event.webhookId(), "type", event.type(), "created_at",
							event.createdAt().toString()))
					.toList());
			}
			case "POST /modes" -> {
				modes(body);
				return Map.of("modes", this.simulator.modes().toString());
			}
			case "POST /customers" -> {
				List<SimCard> cards = new ArrayList<>();
				for (JsonNode card : body.path("cards")) {
					cards.add(card(card));
				}
				this.simulator.customer(text(body, "customer_id"), text(body, "email"),
						body.path("name").asString(text(body, "email")), cards.toArray(SimCard[]::new));
				return null;
			}
			case "GET /charges" -> {
				return Map.of("items", this.simulator.charges());
			}
			default -> {
				return routeById(method, parts, body);
			}
		}
	}

	private @Nullable Object routeById(String method, String[] parts, JsonNode body) {
		if (parts.length == 4 && method.equals("POST")) {
			String id = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
			switch (parts[1] + "/" + parts[3]) {
				case "customers/cards" -> {
					this.simulator.card(id, card(body));
					return null;
				}
				case "payments/refund" -> {
					return Map.of("refund_id", this.simulator.refund(id,
							body.path("amount").isNumber() ? body.path("amount").asLong() : null));
				}
				case "payments/authenticate" -> {
					if (body.path("complete").asBoolean(true)) {
						this.simulator.authenticate(id);
					}
					else {
						this.simulator.abandonAuthentication(id);
					}
					return null;
				}
				case "checkouts/complete" -> {
					this.simulator.completeCheckout(id);
					return null;
				}
				case "subscriptions/cancel" -> {
					this.simulator.cancelSubscription(id);
					return null;
				}
				default -> {
				}
			}
		}
		throw new ApiError(404, "NOT_FOUND", "No admin endpoint " + method + " " + PREFIX + String.join("/", parts)
				+ "; GET " + PREFIX + " lists them");
	}

	private void addFault(JsonNode body) {
		String operation = text(body, "operation");
		int times = body.path("times").asInt(1);
		int status = body.path("status").asInt(500);
		Faults faults = this.simulator.faults();
		switch (text(body, "kind")) {
			case "fail_before" -> faults.failNext(operation, status, times);
			case "fail_after" -> faults.failNextAfterProcessing(operation, status, times);
			case "delay" -> faults.delayNext(operation, Duration.ofMillis(required(body, "delay_ms").asLong()), times);
			case "lose_answer" -> faults.loseAnswerNext(operation, times);
			case "garbage_empty" -> faults.garbageNext(operation, false, times);
			case "garbage_html" -> faults.garbageNext(operation, true, times);
			default -> throw new IllegalArgumentException(
					"kind is one of fail_before, fail_after, delay, lose_answer, garbage_empty, garbage_html");
		}
	}

	private WebhookTiming timing(JsonNode body) {
		long seed = body.path("seed").asLong(System.nanoTime());
		return switch (text(body, "mode")) {
			case "mixed" -> WebhookTiming.mixed(seed);
			case "before_answer" -> WebhookTiming.beforeAnswer();
			case "after_answer" -> WebhookTiming.afterAnswer();
			case "late" -> WebhookTiming.late(Duration.ofMillis(body.path("min_ms").asLong(1000)),
					Duration.ofMillis(body.path("max_ms").asLong(body.path("min_ms").asLong(1000))), seed);
			default -> throw new IllegalArgumentException("mode is one of mixed, before_answer, after_answer, late");
		};
	}

	private void modes(JsonNode body) {
		SimulatorModes modes = this.simulator.modes();
		if (body.has("strict_billing_address")) {
			modes.strictBillingAddress(body.path("strict_billing_address").asBoolean());
		}
		if (body.has("plan_change_failure_default")) {
			modes.planChangeFailureDefault(text(body, "plan_change_failure_default"));
		}
		if (body.has("settlement_delay_ms")) {
			modes.settlementDelay(Duration.ofMillis(body.path("settlement_delay_ms").asLong()));
		}
		if (body.has("authentication_timeout_ms")) {
			modes.authenticationTimeout(Duration.ofMillis(body.path("authentication_timeout_ms").asLong()));
		}
		if (body.has("omit_fresh_payment_status")) {
			modes.omitFreshPaymentStatus(body.path("omit_fresh_payment_status").asBoolean());
		}
	}

	private static SimCard card(JsonNode node) {
		SimCard card = SimCard.working(text(node, "payment_method_id"));
		card = card.network(node.path("network").asString(card.network()), node.path("last4").asString(card.last4()));
		card = card.expiring(node.path("expiry_month").asInt(card.expiryMonth()),
				node.path("expiry_year").asInt(card.expiryYear()));
		if (node.has("issuing_country") || node.has("currencies")) {
			Set<String> currencies = new LinkedHashSet<>();
			node.path("currencies").forEach((currency) -> currencies.add(currency.asString()));
			card = card.issuedIn(node.path("issuing_country").asString(card.issuingCountry()),
					(currencies.isEmpty() ? card.currencies() : currencies).toArray(String[]::new));
		}
		if (!node.path("recurring_enabled").asBoolean(true)) {
			card = card.notRecurring();
		}
		if (node.has("behaviour")) {
			try {
				card = card.behaving(CardBehaviour.valueOf(text(node, "behaviour").toUpperCase(java.util.Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("behaviour is one of " + List.of(CardBehaviour.values()));
			}
		}
		return card;
	}

	private static JsonNode required(JsonNode body, String field) {
		JsonNode value = body.path(field);
		if (value.isMissingNode() || value.isNull()) {
			throw new IllegalArgumentException(field + " is required");
		}
		return value;
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = required(body, field);
		if (!value.isString()) {
			throw new IllegalArgumentException(field + " must be a string");
		}
		return value.asString();
	}

	private static Map<String, Object> error(String code, @Nullable String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		return error;
	}

	private void write(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("content-type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
