package dev.upsell.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the simulator's webhooks: signed per Standard Webhooks, asynchronously, in order, retried on a
 * non-2xx answer or a connection error (after {@link #retryDelays(Duration...)}, by default 100 ms, 500 ms and
 * 2 s: Dodo's own schedule of seconds to hours, compressed for tests).
 * <p>
 * Faults for tests: {@link #dropNext(int)}, {@link #duplicateNext(int)}, {@link #delayNext(int, Duration)},
 * {@link #reorderNext()}, and {@link #pause()} / {@link #resume()}. Without a target events are recorded
 * but not sent.
 */
public final class WebhookSender implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private final Clock clock;

	private final JsonMapper json;

	private final ScheduledExecutorService executor;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final SecureRandom random = new SecureRandom();

	private final List<SimWebhook> events = new CopyOnWriteArrayList<>();

	private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

	private final Deque<Runnable> paused = new ArrayDeque<>();

	private volatile WebhookSigner signer;

	private volatile Supplier<@Nullable URI> target = () -> null;

	private volatile List<Duration> retryDelays = List.of(Duration.ofMillis(100), Duration.ofMillis(500),
			Duration.ofSeconds(2));

	private int drop;

	private int duplicate;

	private int delayCount;

	private Duration delay = Duration.ZERO;

	private boolean reorder;

	private @Nullable SimWebhook heldForReorder;

	private boolean pausedFlag;

	private int inFlight;

	WebhookSender(Clock clock, JsonMapper json, String secret) {
		this.clock = clock;
		this.json = json;
		this.signer = new WebhookSigner(secret);
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "dodo-simulator-webhooks");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** The signing secret in {@code whsec_} form. */
	public String secret() {
		return this.signer.secret();
	}

	/**
	 * Changes the signing secret (e.g. to test a rotation).
	 * @param secret the secret, with or without {@code whsec_}
	 */
	public void secret(String secret) {
		this.signer = new WebhookSigner(secret);
	}

	/**
	 * Where to deliver; {@code null} records events without sending them.
	 * @param target the receiver's URL
	 */
	public void target(@Nullable URI target) {
		this.target = () -> target;
	}

	/**
	 * Where to deliver, looked up at each delivery (e.g. from a port known only after start-up).
	 * @param target supplies the receiver's URL, or {@code null} to hold off sending
	 */
	public void target(Supplier<@Nullable URI> target) {
		this.target = target;
	}

	/**
	 * The waits before each retry of a failed delivery; their number is the number of retries.
	 * @param delays the waits
	 */
	public void retryDelays(Duration... delays) {
		this.retryDelays = List.of(delays);
	}

	/**
	 * Drops the next events: recorded, never delivered (as if Dodo's delivery was lost for good).
	 * @param count how many
	 */
	public synchronized void dropNext(int count) {
		this.drop = count;
	}

	/**
	 * Delivers each of the next events twice, with the same {@code webhook-id}.
	 * @param count how many
	 */
	public synchronized void duplicateNext(int count) {
		this.duplicate = count;
	}

	/**
	 * Delays the first delivery of the next events.
	 * @param count how many
	 * @param delay how long
	 */
	public synchronized void delayNext(int count, Duration delay) {
		this.delayCount = count;
		this.delay = delay;
	}

	/** Holds the next event back and delivers it right after the one that follows it. */
	public synchronized void reorderNext() {
		this.reorder = true;
	}

	/** Holds all deliveries until {@link #resume()}. */
	public synchronized void pause() {
		this.pausedFlag = true;
	}

	/** Sends what {@link #pause()} held, in order, and delivers as usual again. */
	public synchronized void resume() {
		this.pausedFlag = false;
		while (!this.paused.isEmpty()) {
			this.paused.poll().run();
		}
	}

	/** Every event emitted, in order. */
	public List<SimWebhook> events() {
		return List.copyOf(this.events);
	}

	/**
	 * The events of one type.
	 * @param type e.g. {@code payment.succeeded}
	 * @return the events, in order
	 */
	public List<SimWebhook> events(String type) {
		return this.events.stream().filter((event) -> event.type().equals(type)).toList();
	}

	/** Every delivery attempt, in order. */
	public List<WebhookDelivery> deliveries() {
		return List.copyOf(this.deliveries);
	}

	/**
	 * Delivers an event again, with its original {@code webhook-id} (a redelivery or a replay).
	 * @param event the event
	 */
	public void redeliver(SimWebhook event) {
		schedule(event, 1, Duration.ZERO);
	}

	/**
	 * Waits until no delivery is queued, in flight or waiting for a retry.
	 * @param timeout the longest wait
	 * @return whether it got idle in time
	 * @throws InterruptedException when interrupted
	 */
	public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.inFlight > 0 || this.heldForReorder != null) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return true;
	}

	/** Emits an event: records it and, faults permitting, delivers it. */
	void send(String type, Map<String, Object> data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("business_id", SimulatorState.BUSINESS_ID);
		envelope.put("type", type);
		envelope.put("timestamp", this.clock.instant().toString());
		envelope.put("data", data);
		byte[] id = new byte[12];
		this.random.nextBytes(id);
		SimWebhook event = new SimWebhook("msg_" + HexFormat.of().formatHex(id), type,
				this.json.writeValueAsString(envelope), this.clock.instant());
		this.events.add(event);
		dispatch(event);
	}

	private synchronized void dispatch(SimWebhook event) {
		if (this.drop > 0) {
			this.drop--;
			logger.debug("Dropping webhook {} {}", event.type(), event.webhookId());
			return;
		}
		Duration wait = Duration.ZERO;
		if (this.delayCount > 0) {
			this.delayCount--;
			wait = this.delay;
		}
		int copies = 1;
		if (this.duplicate > 0) {
			this.duplicate--;
			copies = 2;
		}
		if (this.reorder) {
			this.reorder = false;
			this.heldForReorder = event;
			return;
		}
		for (int i = 0; i < copies; i++) {
			schedule(event, 1, wait);
		}
		SimWebhook held = this.heldForReorder;
		if (held != null) {
			this.heldForReorder = null;
			schedule(held, 1, wait);
		}
	}

	private synchronized void schedule(SimWebhook event, int attempt, Duration wait) {
		this.inFlight++;
		Runnable task = () -> this.executor.schedule(() -> attempt(event, attempt), wait.toMillis(),
				TimeUnit.MILLISECONDS);
		if (this.pausedFlag) {
			this.paused.add(task);
		}
		else {
			task.run();
		}
	}

	private void attempt(SimWebhook event, int attempt) {
		try {
			URI uri = this.target.get();
			if (uri == null) {
				return;
			}
			int status = post(uri, event);
			this.deliveries.add(new WebhookDelivery(event.webhookId(), event.type(), attempt, status, this.clock.instant()));
			List<Duration> delays = this.retryDelays;
			if ((status < 200 || status >= 300) && attempt <= delays.size()) {
				logger.debug("Webhook {} {} got {}; retrying", event.type(), event.webhookId(), status);
				schedule(event, attempt + 1, delays.get(attempt - 1));
			}
		}
		finally {
			synchronized (this) {
				this.inFlight--;
				notifyAll();
			}
		}
	}

	private int post(URI uri, SimWebhook event) {
		byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(15))
			.header("content-type", "application/json")
			.header("webhook-id", event.webhookId())
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", this.signer.sign(event.webhookId(), timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		catch (java.io.IOException ex) {
			logger.debug("Webhook {} to {} failed: {}", event.webhookId(), uri, ex.toString());
			return 0;
		}
	}

	/** Forgets events, deliveries and faults; pending deliveries still run. */
	synchronized void reset() {
		this.events.clear();
		this.deliveries.clear();
		this.drop = 0;
		this.duplicate = 0;
		this.delayCount = 0;
		this.reorder = false;
		this.heldForReorder = null;
		this.pausedFlag = false;
		List<Runnable> held = new ArrayList<>(this.paused);
		this.paused.clear();
		held.forEach(Runnable::run);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
