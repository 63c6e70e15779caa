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
import java.util.concurrent.locks.ReentrantReadWriteLock;
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

/**
 * The HTTP side of the simulator: routing, the error shape, auth, faults, webhook timing around each answer,
 * the request log, and the fence that keeps a call from before a {@link #fence(Runnable) reset} out of the
 * next test.
 */
final class SimulatorServer {

	private static final Logger logger = LoggerFactory.getLogger(SimulatorServer.class);

	/** How long an answer waits for the webhooks drawn to reach the app before it. */
	private static final Duration BEFORE_ANSWER_WAIT = Duration.ofSeconds(5);

	/** How many requests {@link #requests()} keeps by default; older ones are dropped. */
	static final int DEFAULT_REQUEST_LOG_LIMIT = 100_000;

	private static final Map<Integer, String> CODES = Map.of(400, "BAD_REQUEST", 401, "UNAUTHORIZED", 403,
			"FORBIDDEN", 404, "NOT_FOUND", 409, "CONFLICT", 422, "UNPROCESSABLE_ENTITY", 429, "TOO_MANY_REQUESTS", 500,
			"INTERNAL_SERVER_ERROR", 502, "BAD_GATEWAY", 503, "SERVICE_UNAVAILABLE");

	private final SimulatorState state;

	/** Arrival times (nanoTime) of the calls in the last second, for the rate limit. */
	private final java.util.ArrayDeque<Long> recentCalls = new java.util.ArrayDeque<>();

	/** Seeded: the same sequence of latencies in every run. */
	private final java.util.Random latencies = new java.util.Random(7);

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

	private final WebhookSender webhooks;

	private final HostedPages hostedPages;

	private volatile @Nullable AdminApi admin;

	/** API calls hold it shared while they touch the state; {@link #fence(Runnable)} holds it alone. */
	private final ReentrantReadWriteLock fenceLock = new ReentrantReadWriteLock();

	/** Bumped by each reset: a call that arrived before one answers 503 and never touches the new state. */
	private volatile long epoch;

	static {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a call.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	SimulatorServer(int port, SimulatorState state, Faults faults, WebhookSender webhooks, JsonMapper json,
			@Nullable String apiKey, int requestLogLimit) throws IOException {
		this.requestLogLimit = requestLogLimit;
		this.webhooks = webhooks;
		this.hostedPages = new HostedPages(state,
				(exchange, status, code, message) -> writeError(exchange, null, status, code, message));
		this.state = state;
		this.faults = faults;
		this.json = json;
		this.apiKey = apiKey;
		this.routes = List.of(
				route("GET", "/customers/{id}/payment-methods", (id, request) -> state.listPaymentMethods(id)),
				route("POST", "/checkouts", (id, request) -> state.checkouts.create(request.body())),
				route("POST", "/checkouts/preview", (id, request) -> state.checkouts.preview(request.body())),
				route("GET", "/checkouts/{id}", (id, request) -> state.checkouts.get(id)),
				route("POST", "/payments", (id, request) -> state.paymentDesk.create(request.body())),
				route("GET", "/payments", (id, request) -> state.paymentDesk.list(request.query())),
				route("GET", "/payments/{id}", (id, request) -> state.paymentDesk.get(id)),
				route("GET", "/subscriptions/{id}", (id, request) -> state.subscriptions.get(id)),
				route("PATCH", "/subscriptions/{id}", (id, request) -> state.subscriptionUpdates.update(id, request.body())),
				route("POST", "/subscriptions/{id}/change-plan/preview",
						(id, request) -> state.subscriptions.preview(id, request.body())),
				route("POST", "/subscriptions/{id}/change-plan",
						(id, request) -> state.subscriptions.change(id, request.body())),
				route("DELETE", "/subscriptions/{id}/change-plan/scheduled", (id, request) -> {
					state.subscriptions.cancelScheduled(id);
					return null;
				}), route("GET", "/products/{id}", (id, request) -> state.getProduct(id)),
				route("POST", "/discounts", (id, request) -> state.discounts.create(request.body())),
				route("GET", "/discounts/code/{id}", (id, request) -> state.discounts.getByCode(id)),
				route("GET", "/discounts/{id}", (id, request) -> state.discounts.get(id)),
				route("DELETE", "/discounts/{id}", (id, request) -> {
					state.discounts.delete(id);
					return null;
				}));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
		this.executor = Executors.newFixedThreadPool(64, (runnable) -> {
			Thread thread = new Thread(runnable, "dodo-simulator-http");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
	}

	/** Serves the admin API under {@link AdminApi#PREFIX}. */
	void admin(AdminApi admin) {
		this.admin = admin;
	}

	/**
	 * Runs a reset alone: no API call is touching the state meanwhile, and calls that arrived before it answer
	 * 503 instead of acting on the new state. Their delayed answers only complete their own log entries, which
	 * the reset dropped from {@link #requests()}.
	 * @param reset what to do
	 */
	void fence(Runnable reset) {
		this.fenceLock.writeLock().lock();
		try {
			this.epoch++;
			reset.run();
			clearRequests();
		}
		finally {
			this.fenceLock.writeLock().unlock();
		}
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
		synchronized (this.recentCalls) {
			// a reset starts a fresh rate-limit window: one test's calls do not count against the next
			this.recentCalls.clear();
		}
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
		long arrivedIn = this.epoch;
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			byte[] raw = exchange.getRequestBody().readAllBytes();
			AdminApi adminApi = this.admin;
			if (adminApi != null && path.startsWith(AdminApi.PREFIX)) {
				adminApi.handle(exchange, method, path.substring(AdminApi.PREFIX.length()), raw);
				return;
			}
			if (this.hostedPages.serves(path)) {
				this.fenceLock.readLock().lock();
				try {
					this.hostedPages.handle(exchange, method, path);
				}
				finally {
					this.fenceLock.readLock().unlock();
				}
				return;
			}
			for (Route route : this.routes) {
				Matcher matcher = route.pattern.matcher(path);
				if (route.method.equals(method) && matcher.matches()) {
					String id = (matcher.groupCount() > 0) ? decode(matcher.group(1)) : null;
					// Recorded on arrival (status 0) and completed once answered, through this very entry: a
					// test sees a call whose answer is still being delayed, and a late answer completes only
					// its own request's record.
					Logged entry = log(route.operation, path, query, new String(raw, StandardCharsets.UTF_8));
					call(exchange, entry, arrivedIn, route, id, raw, query);
					return;
				}
			}
			if (this.routes.stream().anyMatch((route) -> route.pattern.matcher(path).matches())) {
				// reference Basics and Dodo's error page: 405 "The HTTP method is not supported for this
				// endpoint"; guess: the code
				writeError(exchange, null, 405, "METHOD_NOT_ALLOWED", "Method " + method + " is not allowed here");
				return;
			}
			writeError(exchange, null, 404, "NOT_FOUND", "No route for " + method + " " + path);
		}
		catch (LostAnswer ex) {
			logger.debug("Answer of {} {} lost on purpose", exchange.getRequestMethod(), exchange.getRequestURI());
		}
		catch (RuntimeException ex) {
			logger.warn("Simulator failed to handle a request", ex);
		}
	}

	/** Whether this call is within {@link SimulatorModes#rateLimit()} calls in the last second. */
	private boolean withinRateLimit() {
		int limit = this.state.modes.rateLimit();
		if (limit == 0) {
			return true;
		}
		long now = System.nanoTime();
		synchronized (this.recentCalls) {
			while (!this.recentCalls.isEmpty() && now - this.recentCalls.peekFirst() > 1_000_000_000L) {
				this.recentCalls.pollFirst();
			}
			if (this.recentCalls.size() >= limit) {
				return false;
			}
			this.recentCalls.addLast(now);
			return true;
		}
	}

	/** A seeded draw of the network's time for one call, within {@link SimulatorModes#latency}. */
	private Duration networkLatency() {
		long min = this.state.modes.minLatency().toNanos();
		long max = this.state.modes.maxLatency().toNanos();
		long drawn;
		synchronized (this.latencies) {
			drawn = (max > min) ? min + (long) (this.latencies.nextDouble() * (max - min)) : min;
		}
		return Duration.ofNanos(drawn);
	}

	/** A bearer token: this key exactly when one is required, else any non-blank one. */
	private boolean authorized(@Nullable String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return false;
		}
		String token = authorization.substring("Bearer ".length());
		return (this.apiKey != null) ? this.apiKey.equals(token) : !token.isBlank();
	}

	private void call(HttpExchange exchange, Logged entry, long arrivedIn, Route route, @Nullable String id,
			byte[] raw, @Nullable String query) throws IOException {
		if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
			// reference Basics: "Auth: Authorization: Bearer <api key>"; guess: the code and message
			writeError(exchange, entry, 401, "UNAUTHORIZED", "Missing or invalid API key");
			return;
		}
		if (!withinRateLimit()) {
			exchange.getResponseHeaders().set("Retry-After", "1");
			writeError(exchange, entry, 429, "TOO_MANY_REQUESTS",
					"Rate limit exceeded: more than " + this.state.modes.rateLimit() + " calls a second");
			return;
		}
		pause(networkLatency());
		Faults.Fault fault = this.faults.take(route.operation);
		if (fault != null && fault.kind == Faults.Kind.FAIL_BEFORE) {
			writeFault(exchange, entry, fault.status);
			return;
		}
		Map<String, Object> result;
		WebhookSender.Batch batch = this.webhooks.openBatch();
		try {
			this.fenceLock.readLock().lock();
			try {
				if (arrivedIn != this.epoch) {
					writeError(exchange, entry, 503, "SIMULATOR_RESET",
							"The simulator was reset while this request was in flight");
					return;
				}
				JsonNode body = (raw.length > 0) ? this.json.readTree(raw) : this.json.createObjectNode();
				if ((route.method.equals("POST") || route.method.equals("PATCH")) && !body.isObject()) {
					writeError(exchange, entry, 400, "INVALID_REQUEST_BODY", "The body must be a JSON object");
					return;
				}
				result = route.handler.apply(id, new Request(body, parseQuery(query)));
			}
			finally {
				this.fenceLock.readLock().unlock();
				batch.detach();
			}
			pause(this.faults.latency());
			batch.awaitBeforeAnswer(BEFORE_ANSWER_WAIT);
			byte[] response = (result != null) ? this.json.writeValueAsBytes(result) : new byte[0];
			if (fault != null) {
				answerWithFault(exchange, entry, fault, response);
				return;
			}
			send(exchange, entry, 200, "application/json", response);
		}
		catch (JacksonException ex) {
			// Dodo's error code for a body it cannot read (the list); the message is ours
			writeError(exchange, entry, 400, "INVALID_REQUEST_BODY", "The body is not valid JSON");
		}
		catch (ApiError error) {
			pause(this.faults.latency());
			writeError(exchange, entry, error.status(), error.code(), error.getMessage());
		}
		finally {
			batch.close();
		}
	}

	/** The call was carried out; now it answers as the fault says. */
	private void answerWithFault(HttpExchange exchange, Logged entry, Faults.Fault fault, byte[] response)
			throws IOException {
		switch (fault.kind) {
			case DELAY -> {
				pause(fault.delay);
				send(exchange, entry, 200, "application/json", response);
			}
			case FAIL_AFTER -> writeFault(exchange, entry, fault.status);
			case GARBAGE_EMPTY -> send(exchange, entry, 200, "application/json", new byte[0]);
			case GARBAGE_HTML -> send(exchange, entry, 200, "text/html",
					"<html><body><h1>502 Bad Gateway</h1>upstream sent an invalid response</body></html>"
						.getBytes(StandardCharsets.UTF_8));
			case LOSE_ANSWER -> {
				// Promise a body, then close without it: the client reads a truncated answer, an I/O error.
				entry.status = -1;
				exchange.getResponseHeaders().set("content-type", "application/json");
				exchange.sendResponseHeaders(200, 4096);
				exchange.getResponseBody().flush();
				throw new LostAnswer();
			}
			default -> throw new IllegalStateException("Fault " + fault.kind + " is not answered after processing");
		}
	}

	private void writeFault(HttpExchange exchange, Logged entry, int status) throws IOException {
		if (status == 429) {
			exchange.getResponseHeaders().set("Retry-After", "1");
			exchange.getResponseHeaders().set("retry-after-ms", "20");
		}
		writeError(exchange, entry, status, CODES.getOrDefault(status, "SIMULATED_FAULT"),
				"Simulated fault: HTTP " + status);
	}

	/** Dodo's error shape: {@code {code, message}}. */
	void writeError(HttpExchange exchange, @Nullable Logged entry, int status, String code, @Nullable String message)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("message", message);
		send(exchange, entry, status, "application/json", this.json.writeValueAsBytes(body));
	}

	/** Completes the request's own record first, so a client never sees an answer its record does not show. */
	private static void send(HttpExchange exchange, @Nullable Logged entry, int status, String contentType,
			byte[] body) throws IOException {
		if (entry != null) {
			entry.status = status;
		}
		exchange.getResponseHeaders().set("content-type", contentType);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static void pause(Duration duration) {
		if (!duration.isZero()) {
			try {
				Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
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

	private static Route route(String method, String template, BiFunction<String, Request, Map<String, Object>> handler) {
		String regex = template.replace("{id}", "([^/]+)");
		return new Route(method, method + " " + template, Pattern.compile(regex), handler);
	}

	private record Route(String method, String operation, Pattern pattern,
			BiFunction<String, Request, Map<String, Object>> handler) {
	}

	private record Request(JsonNode body, Map<String, String> query) {
	}

	/** Thrown to abandon an exchange without an answer; the server then closes the connection. */
	private static final class LostAnswer extends RuntimeException {

		LostAnswer() {
			super("answer lost on purpose", null, false, false);
		}

	}

	/** A request as logged: completed with its status once answered. */
	static final class Logged {

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
