package dev.upsell.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.webhook.WebhookDeduplicator;

/**
 * A {@link WebhookDeduplicator} on a database table shared by every application instance: a claim is an
 * insert of the {@code webhook-id} (the primary key decides who was first; portable SQL, no
 * {@code ON CONFLICT}). Rows older than the retention are deleted now and then.
 */
public final class JdbcWebhookDeduplicator implements WebhookDeduplicator {

	private static final int CLEAN_EVERY = 1000;

	private final JdbcClient jdbc;

	private final String table;

	private final Duration retention;

	private final Clock clock;

	private final AtomicInteger claims = new AtomicInteger();

	/**
	 * Creates the deduplicator.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 * @param retention how long ids are remembered
	 * @param clock the clock
	 */
	public JdbcWebhookDeduplicator(DataSource dataSource, String tablePrefix, Duration retention, Clock clock) {
		this.jdbc = JdbcClient.create(dataSource);
		this.table = tablePrefix + "webhook_ids";
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public boolean claim(String webhookId) {
		Instant now = this.clock.instant();
		if (this.claims.incrementAndGet() % CLEAN_EVERY == 0) {
			cleanUp(now);
		}
		try {
			return this.jdbc.sql("INSERT INTO " + this.table + " (webhook_id, received_at) VALUES (?, ?)")
				.params(webhookId, time(now))
				.update() == 1;
		}
		catch (DuplicateKeyException ex) {
			// Seen before; reclaim only a row older than the retention (as if it had been cleaned up).
			return this.jdbc.sql("UPDATE " + this.table + " SET received_at = ? WHERE webhook_id = ? AND received_at < ?")
				.params(time(now), webhookId, time(now.minus(this.retention)))
				.update() == 1;
		}
	}

	@Override
	public void release(String webhookId) {
		this.jdbc.sql("DELETE FROM " + this.table + " WHERE webhook_id = ?").param(webhookId).update();
	}

	/**
	 * Deletes ids older than the retention.
	 * @param now the time
	 * @return how many were deleted
	 */
	public int cleanUp(Instant now) {
		return this.jdbc.sql("DELETE FROM " + this.table + " WHERE received_at < ?")
			.param(time(now.minus(this.retention)))
			.update();
	}

	private static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
