package dev.upsell.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link WebhookDeduplicator} in this JVM, bounded by time: ids are forgotten after the retention, which
 * should be at least twice the timestamp tolerance (a captured delivery stays valid for the whole window).
 */
public final class InMemoryWebhookDeduplicator implements WebhookDeduplicator {

	private static final int SWEEP_EVERY = 1024;

	private final ConcurrentMap<String, Instant> seen = new ConcurrentHashMap<>();

	private final AtomicInteger claims = new AtomicInteger();

	private final Duration retention;

	private final Clock clock;

	/**
	 * Creates the store.
	 * @param retention how long an id is remembered
	 * @param clock the clock
	 */
	public InMemoryWebhookDeduplicator(Duration retention, Clock clock) {
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public boolean claim(String webhookId) {
		Instant now = this.clock.instant();
		if (this.claims.incrementAndGet() % SWEEP_EVERY == 0) {
			sweep(now);
		}
		Instant previous = this.seen.putIfAbsent(webhookId, now);
		if (previous == null) {
			return true;
		}
		if (previous.plus(this.retention).isBefore(now)) {
			return this.seen.replace(webhookId, previous, now);
		}
		return false;
	}

	@Override
	public void release(String webhookId) {
		this.seen.remove(webhookId);
	}

	/**
	 * Forgets ids older than the retention.
	 * @param now the time
	 */
	public void sweep(Instant now) {
		Instant cutoff = now.minus(this.retention);
		this.seen.values().removeIf((at) -> at.isBefore(cutoff));
	}

	/** How many ids are remembered. */
	public int size() {
		return this.seen.size();
	}

}
