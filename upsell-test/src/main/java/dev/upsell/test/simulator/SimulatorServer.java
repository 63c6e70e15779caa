package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP side of the simulator: routing, the error shape, auth, faults and the request log. */
final class SimulatorServer {

	private static final Logger logger = LoggerFactory.getLogger(SimulatorServer.class);

	private static final String RECORD = "dodo.simulator.record";

	/** How many requests {@link #requests()} keeps by default; older ones are dropped. */
	static final int DEFAULT_REQUEST_LOG_LIMIT = 100_000;

	private static final Map<Integer, String> CODES = Map.of(400, "BAD_REQUEST", 401, "UNAUTHORIZED", 403,
			"FORBIDDEN", 404, "NOT_FOUND", 409, "CONFLICT", 422, "UNPROCESSABLE_ENTITY", 429, "TOO_MANY_REQUESTS", 500,
			"INTERNAL_SERVER_ERROR", 502, "BAD_GATEWAY", 503, "SERVICE_UNAVAILABLE");

	private final SimulatorState state;

	private final Faults faults;

	private final JsonMapper json;

	private final @Nullable String apiKey;

	private final List<Route> routes;

	/** The most recent requests: appending and completing one are O(1), however long the simulator runs. */
	private final ConcurrentLinkedDeque<Logged> requests = new ConcurrentLinkedDeque<>();

	private final AtomicInteger logged = new AtomicInteger();

	private final int requestLogLimit;

	private final HttpServer server;

	private final ExecutorService executor;

	static {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a call.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	SimulatorServer(int port, SimulatorState state, Faults faults, JsonMapper json, @Nullable String apiKey,
			int requestLogLimit) throws IOException {
		this.requestLogLimit = requestLogLimit;
		this.state = state;
		this.faults = faults;
		this.json = json;
		this.apiKey = apiKey;
		this.routes = List.of(
				route("GET", "/customers/{id}/payment-methods", (id, request) -> state.listPaymentMethods(id)),
				route("POST", "/checkouts", (id, request) -> state.createCheckoutSession(request.body())),
				route("GET", "/checkouts/{id}", (id, request) -> state.getCheckoutSession(id)),
				route("POST", "/payments", (id, request) -> state.createPayment(request.body())),
				route("GET", "/payments", (id, request) -> state.listPayments(request.query())),
				route("GET", "/payments/{id}", (id, request) -> state.getPayment(id)),
				route("GET", "/subscriptions/{id}", (id, request) -> state.getSubscription(id)),
				route("POST", "/subscriptions/{id}/change-plan/preview",
						(id, request) -> state.previewPlanChange(id, request.body())),
				route("POST", "/subscriptions/{id}/change-plan", (id, request) -> state.changePlan(id, request.body())),
				route("DELETE", "/subscriptions/{id}/change-plan/scheduled", (id, request) -> {
					state.cancelScheduledPlanChange(id);
					return null;
				}), route("GET", "/products/{id}", (id, request) -> state.getProduct(id)));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
		this.executor = Executors.newFixedThreadPool(64, (runnable) -> {
			Thread thread = new Thread(runnable, "dodo-simulator-http");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
	}

	void start() {
		this.server.start();
	}

	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	List<RecordedRequest> requests() {
		List<RecordedRequest> snapshot = new ArrayList<>();
		for (Logged entry : this.requests) {
			snapshot.add(entry.view());
		}
		return List.copyOf(snapshot);
	}

	void clearRequests() {
		this.requests.clear();
		this.logged.set(0);
	}

	private Logged log(String operation, String path, @Nullable String query, String body) {
		Logged entry = new Logged(operation, path, query, body);
		this.requests.addLast(entry);
		if (this.logged.incrementAndGet() > this.requestLogLimit && this.requests.pollFirst() != null) {
			this.logged.decrementAndGet();
		}
		return entry;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			byte[] raw = exchange.getRequestBody().readAllBytes();
			if (path.startsWith("/checkout/")) {
				hostedCheckout(exchange, method, path);
				return;
			}
			for (Route route : this.routes) {
				Matcher matcher = route.pattern.matcher(path);
				if (route.method.equals(method) && matcher.matches()) {
					String id = (matcher.groupCount() > 0) ? decode(matcher.group(1)) : null;
					// Recorded on arrival (status 0) and completed once answered: a test sees a call whose
					// answer is still being delayed.
					exchange.setAttribute(RECORD,
							log(route.operation, path, query, new String(raw, StandardCharsets.UTF_8)));
					call(exchange, route, id, raw, query);
					return;
				}
			}
			writeError(exchange, 404, "NOT_FOUND", "No route for " + method + " " + path);
		}
		catch (RuntimeException ex) {
			logger.warn("Simulator failed to handle a request", ex);
		}
	}

	private int call(HttpExchange exchange, Route route, @Nullable String id, byte[] raw, @Nullable String query)
			throws IOException {
		if (this.apiKey != null
				&& !("Bearer " + this.apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			return writeError(exchange, 401, "UNAUTHORIZED", "Missing or invalid API key");
		}
		Faults.Fault fault = this.faults.take(route.operation);
		if (fault != null && !fault.afterProcessing) {
			return writeFault(exchange, fault.status);
		}
		Map<String, Object> result;
		try {
			JsonNode body = (raw.length > 0) ? this.json.readTree(raw) : this.json.createObjectNode();
			if (route.method.equals("POST") && !body.isObject()) {
				return writeError(exchange, 400, "BAD_REQUEST", "The body must be a JSON object");
			}
			result = route.handler.apply(id, new Request(body, parseQuery(query)));
		}
		catch (JacksonException ex) {
			return writeError(exchange, 400, "BAD_REQUEST", "The body is not valid JSON");
		}
		catch (ApiError error) {
			pause(this.faults.latency());
			return writeError(exchange, error.status(), error.code(), error.getMessage());
		}
		pause(this.faults.latency());
		if (fault != null) {
			pause(fault.delay);
			if (fault.status != 0) {
				return writeFault(exchange, fault.status);
			}
		}
		byte[] response = (result != null) ? this.json.writeValueAsBytes(result) : new byte[0];
		return send(exchange, 200, response);
	}

	/** A tiny stand-in for Dodo's hosted checkout page, so fallback links can be followed in a demo. */
	private void hostedCheckout(HttpExchange exchange, String method, String path) throws IOException {
		String[] parts = path.split("/");
		String sessionId = (parts.length > 2) ? decode(parts[2]) : "";
		try {
			if (method.equals("POST") && parts.length == 4 && parts[3].equals("complete")) {
				String returnUrl = this.state.completeCheckout(sessionId);
				exchange.getResponseHeaders().set("Location", (returnUrl != null) ? returnUrl : "/checkout/" + sessionId);
				exchange.sendResponseHeaders(303, -1);
				return;
			}
			this.state.getCheckoutSession(sessionId);
			String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Dodo simulator checkout</title></head>"
					+ "<body><h1>Simulated Dodo checkout</h1><p>Session " + escape(sessionId) + "</p>"
					+ "<form method=\"post\" action=\"/checkout/" + escape(sessionId) + "/complete\">"
					+ "<button type=\"submit\">Pay with test card</button></form></body></html>";
			byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (ApiError error) {
			writeError(exchange, error.status(), error.code(), error.getMessage());
		}
	}

	private int writeFault(HttpExchange exchange, int status) throws IOException {
		if (status == 429) {
			exchange.getResponseHeaders().set("Retry-After", "1");
			exchange.getResponseHeaders().set("retry-after-ms", "20");
		}
		return writeError(exchange, status, CODES.getOrDefault(status, "SIMULATED_FAULT"),
				"Simulated fault: HTTP " + status);
	}

	private int writeError(HttpExchange exchange, int status, String code, @Nullable String message)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("message", message);
		return send(exchange, status, this.json.writeValueAsBytes(body));
	}

	/** Completes the request's record first, so a client never sees an answer its record does not show yet. */
	private int send(HttpExchange exchange, int status, byte[] body) throws IOException {
		if (exchange.getAttribute(RECORD) instanceof Logged arrived) {
			arrived.status = status;
		}
		exchange.getResponseHeaders().set("content-type", "application/json");
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		return status;
	}

	private static void pause(Duration duration) {
		if (!duration.isZero()) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static Map<String, String> parseQuery(@Nullable String query) {
		Map<String, String> values = new LinkedHashMap<>();
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
				}
			}
		}
		return values;
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static Route route(String method, String template, BiFunction<String, Request, Map<String, Object>> handler) {
		String regex = template.replace("{id}", "([^/]+)");
		return new Route(method, method + " " + template, Pattern.compile(regex), handler);
	}

	private record Route(String method, String operation, Pattern pattern,
			BiFunction<String, Request, Map<String, Object>> handler) {
	}

	private record Request(JsonNode body, Map<String, String> query) {
	}

	/** A request as logged: completed with its status once answered. */
	private static final class Logged {

		private final String operation;

		private final String path;

		private final @Nullable String query;

		private final String body;

		private volatile int status;

		Logged(String operation, String path, @Nullable String query, String body) {
			this.operation = operation;
			this.path = path;
			this.query = query;
			this.body = body;
		}

		RecordedRequest view() {
			return new RecordedRequest(this.operation, this.path, this.query, this.body, this.status);
		}

	}

}
