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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the simulator's webhooks: signed per Standard Webhooks, asynchronously, retried on a non-2xx answer
 * or a connection error on Dodo's schedule (reference Webhooks: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h) measured on the simulator's clock, so a test advances the clock to see the late retries; a retry waiting
 * on the clock does not count as in flight for {@link #awaitIdle(Duration)}. {@link #retryDelays(Duration...)}
 * replaces it by real-time waits for tests that need them. Each delivery carries the object's latest state at the
 * time it is sent ("You will receive the latest payload at the time of delivery"), not a snapshot;
 * {@link #events()} keeps the payload as it was when the event occurred.
 * <p>
 * {@link #timing(WebhookTiming)} says when an event goes out relative to the API answer of the call that
 * caused it: before it, after it or late. The default is {@link WebhookTiming#mixed()}, as in production.
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

	/** Dodo's retry schedule (reference Webhooks): 8 retries over about 27.5 hours. */
	static final List<Duration> DODO_RETRY_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
			Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
			Duration.ofHours(10), Duration.ofHours(10));

	/** Real-time retry waits set by a test, or {@code null} for Dodo's schedule on the simulator's clock. */
	private volatile @Nullable List<Duration> retryDelays;

	/** Runs work once the simulator's clock has moved on by a duration (the state's due list). */
	private volatile BiConsumer<Duration, Runnable> onClock = (after, work) -> {
	};

	/** The latest payload of an event, by webhook id: what a delivery (a retry too) carries. */
	private final Map<String, Latest> latest = new ConcurrentHashMap<>();

	private int drop;

	private int duplicate;

	private int delayCount;

	private Duration delay = Duration.ZERO;

	private boolean reorder;

	private @Nullable SimWebhook heldForReorder;

	private boolean pausedFlag;

	private int inFlight;

	/** Bumped by {@link #reset()}: deliveries and retries of an earlier epoch are dropped, never sent. */
	private volatile long epoch;

	private volatile WebhookTiming timing = WebhookTiming.mixed();

	/** The events a simulator API call emits, so the server can time them around its answer. */
	private final ThreadLocal<Batch> batch = new ThreadLocal<>();

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

	/** Retries failed deliveries on Dodo's schedule, on the simulator's clock (the default). */
	public void retryOnDodosSchedule() {
		this.retryDelays = null;
	}

	/** Where a retry waiting for the simulator's clock is queued. */
	void onClock(BiConsumer<Duration, Runnable> onClock) {
		this.onClock = onClock;
	}

	/**
	 * When events go out relative to the API answer that caused them; {@link WebhookTiming#mixed()} by default.
	 * @param timing the timing
	 */
	public void timing(WebhookTiming timing) {
		this.timing = timing;
	}

	/** The timing in force (its {@code toString()} names the seed). */
	public WebhookTiming timing() {
		return this.timing;
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
		schedule(event, 1, Duration.ZERO, null);
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

	/**
	 * Emits an event whose deliveries carry the object's state at the time of each delivery.
	 * @param type the event type
	 * @param data the payload now
	 * @param latestData the payload at delivery time
	 */
	void send(String type, Map<String, Object> data, Supplier<Map<String, Object>> latestData) {
		String webhookId = send(type, data);
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("business_id", SimulatorJson.BUSINESS_ID);
		envelope.put("type", type);
		envelope.put("timestamp", this.clock.instant().toString());
		this.latest.put(webhookId, new Latest(envelope, latestData));
	}

	/** Emits an event: records it and, faults permitting, delivers it when its timing says. */
	String send(String type, Map<String, Object> data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("business_id", SimulatorJson.BUSINESS_ID);
		envelope.put("type", type);
		envelope.put("timestamp", this.clock.instant().toString());
		envelope.put("data", data);
		byte[] id = new byte[12];
		this.random.nextBytes(id);
		SimWebhook event = new SimWebhook("msg_" + HexFormat.of().formatHex(id), type,
				this.json.writeValueAsString(envelope), this.clock.instant());
		this.events.add(event);
		WebhookTiming.Choice choice = this.timing.next();
		Batch current = this.batch.get();
		if (current != null && choice.slot() == WebhookTiming.Slot.AFTER_ANSWER) {
			synchronized (this) {
				this.inFlight++;
			}
			current.after.add(event);
			return event.webhookId();
		}
		CompletableFuture<Void> firstAttempt = dispatch(event, choice.delay());
		if (current != null && choice.slot() == WebhookTiming.Slot.BEFORE_ANSWER) {
			current.before.add(firstAttempt);
		}
		return event.webhookId();
	}

	/**
	 * Starts collecting the events this thread emits, for one API call.
	 * @return the batch; {@link Batch#close()} it once the call's answer is written
	 */
	Batch openBatch() {
		Batch opened = new Batch(this.epoch);
		this.batch.set(opened);
		return opened;
	}

	private synchronized CompletableFuture<Void> dispatch(SimWebhook event, Duration extraWait) {
		CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
		if (this.drop > 0) {
			this.drop--;
			logger.debug("Dropping webhook {} {}", event.webhookId(), event.type());
			firstAttempt.complete(null);
			return firstAttempt;
		}
		Duration wait = extraWait;
		if (this.delayCount > 0) {
			this.delayCount--;
			wait = wait.plus(this.delay);
		}
		int copies = 1;
		if (this.duplicate > 0) {
			this.duplicate--;
			copies = 2;
		}
		if (this.reorder) {
			this.reorder = false;
			this.heldForReorder = event;
			firstAttempt.complete(null);
			return firstAttempt;
		}
		for (int i = 0; i < copies; i++) {
			schedule(event, 1, wait, (i == 0) ? firstAttempt : null);
		}
		SimWebhook held = this.heldForReorder;
		if (held != null) {
			this.heldForReorder = null;
			schedule(held, 1, wait, null);
		}
		return firstAttempt;
	}

	private synchronized void schedule(SimWebhook event, int attempt, Duration wait,
			@Nullable CompletableFuture<Void> done) {
		this.inFlight++;
		long scheduledIn = this.epoch;
		Runnable task = () -> this.executor.schedule(() -> attempt(event, attempt, scheduledIn, done),
				wait.toMillis(), TimeUnit.MILLISECONDS);
		if (this.pausedFlag) {
			this.paused.add(task);
			if (done != null) {
				// held until resume(): an API answer waiting for it would only wait out its bound
				done.complete(null);
			}
		}
		else {
			task.run();
		}
	}

	private void attempt(SimWebhook event, int attempt, long scheduledIn, @Nullable CompletableFuture<Void> done) {
		try {
			URI uri = this.target.get();
			if (uri == null || scheduledIn != this.epoch) {
				return;
			}
			int status = post(uri, event);
			if (scheduledIn != this.epoch) {
				return;
			}
			this.deliveries.add(new WebhookDelivery(event.webhookId(), event.type(), attempt, status, this.clock.instant()));
			List<Duration> delays = this.retryDelays;
			boolean failed = status < 200 || status >= 300;
			if (failed && delays != null && attempt <= delays.size()) {
				logger.debug("Webhook {} {} got {}; retrying", event.type(), event.webhookId(), status);
				schedule(event, attempt + 1, delays.get(attempt - 1), null);
			}
			else if (failed && delays == null && attempt <= DODO_RETRY_SCHEDULE.size()) {
				Duration wait = DODO_RETRY_SCHEDULE.get(attempt - 1);
				logger.debug("Webhook {} {} got {}; retrying in {} (simulator clock)", event.type(), event.webhookId(),
						status, wait);
				if (wait.isZero()) {
					schedule(event, attempt + 1, Duration.ZERO, null);
				}
				else {
					this.onClock.accept(wait, () -> {
						if (scheduledIn == this.epoch) {
							schedule(event, attempt + 1, Duration.ZERO, null);
						}
					});
				}
			}
		}
		finally {
			if (done != null) {
				done.complete(null);
			}
			synchronized (this) {
				this.inFlight--;
				notifyAll();
			}
		}
	}

	private int post(URI uri, SimWebhook event) {
		Latest now = this.latest.get(event.webhookId());
		byte[] body = (now != null) ? now.body(this.json) : event.body().getBytes(StandardCharsets.UTF_8);
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

	/**
	 * Forgets events, deliveries and faults. Deliveries still queued, held, paused or waiting for a retry
	 * from before are fenced off: they are never sent, so they cannot reach the next test.
	 */
	synchronized void reset() {
		this.epoch++;
		this.events.clear();
		this.latest.clear();
		this.deliveries.clear();
		this.drop = 0;
		this.duplicate = 0;
		this.delayCount = 0;
		this.reorder = false;
		this.heldForReorder = null;
		this.pausedFlag = false;
		List<Runnable> held = new ArrayList<>(this.paused);
		this.paused.clear();
		// each held task schedules an attempt that sees the old epoch and only counts itself down
		held.forEach(Runnable::run);
	}

	/**
	 * The events one API call emitted, timed around its answer: those drawn to go {@link WebhookTiming.Slot#BEFORE_ANSWER
	 * before} it are awaited, those drawn to go after it are sent when it is closed.
	 */
	final class Batch implements AutoCloseable {

		private final long openedIn;

		private final List<CompletableFuture<Void>> before = new ArrayList<>();

		private final List<SimWebhook> after = new ArrayList<>();

		private boolean closed;

		private Batch(long openedIn) {
			this.openedIn = openedIn;
		}

		/** Stops collecting on this thread: events emitted from now on are not part of the call. */
		void detach() {
			WebhookSender.this.batch.remove();
		}

		/**
		 * Waits, bounded, until each event drawn to go before the answer had its first delivery attempt answered.
		 * @param timeout the longest wait
		 */
		void awaitBeforeAnswer(Duration timeout) {
			if (this.before.isEmpty()) {
				return;
			}
			try {
				CompletableFuture.allOf(this.before.toArray(CompletableFuture[]::new))
					.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.debug("Webhooks due before the answer were not delivered within {}", timeout);
			}
		}

		/** Sends the events drawn to go after the answer; call it once the answer is written. */
		@Override
		public void close() {
			detach();
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (SimWebhook event : this.after) {
				if (this.openedIn == WebhookSender.this.epoch) {
					dispatch(event, Duration.ZERO);
				}
				synchronized (WebhookSender.this) {
					WebhookSender.this.inFlight--;
					WebhookSender.this.notifyAll();
				}
			}
		}

	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/** An event's envelope, and its payload as it is when a delivery is made. */
	private record Latest(Map<String, Object> envelope, Supplier<Map<String, Object>> data) {

		byte[] body(JsonMapper json) {
			Map<String, Object> body = new LinkedHashMap<>(this.envelope);
			body.put("data", this.data.get());
			return json.writeValueAsBytes(body);
		}

	}

}
