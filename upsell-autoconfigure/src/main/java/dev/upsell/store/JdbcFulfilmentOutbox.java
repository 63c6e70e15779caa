package dev.upsell.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.offer.FulfilmentDelivery;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.OfferStoreException;

import static dev.upsell.store.JdbcSupport.store;
import static dev.upsell.store.JdbcSupport.time;

/**
 * {@link FulfilmentOutbox} in the table {@code upsell_deliveries}, shared by every instance. Its statements join
 * the caller's transaction when there is one ({@link JdbcOfferRepository} and {@link JdbcSettledPayments} write
 * a delivery in the transaction of the change that caused it); a claim is one conditional {@code UPDATE} of
 * {@code next_attempt_at}, so one instance delivers each record at a time. Database failures surface as
 * {@link OfferStoreException}.
 */
public final class JdbcFulfilmentOutbox implements FulfilmentOutbox {

	private static final String COLUMNS = "id, kind, offer_id, payment_id, refund_id, amount, attempts, created_at, "
			+ "next_attempt_at, last_error, gave_up";

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final String table;

	/**
	 * Creates the outbox.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 */
	public JdbcFulfilmentOutbox(DataSource dataSource, String tablePrefix) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.table = tablePrefix + "deliveries";
	}

	/** Whether this outbox writes to {@code dataSource}, so it can share a transaction with a change there. */
	boolean writesTo(DataSource dataSource) {
		return this.dataSource == dataSource;
	}

	/**
	 * Records the deliveries of a change whose compare-and-set just won, in its transaction: one {@code INSERT}
	 * each, without the look-up {@link #add} makes. A delivery's id names the offer and the status it reached,
	 * which an offer reaches once and only through the change that won, so no record of that id can exist; if one
	 * did, the key refuses it and the whole change rolls back (nothing is half written).
	 * @param deliveries the deliveries
	 */
	void addWithChange(List<FulfilmentDelivery> deliveries) {
		for (FulfilmentDelivery delivery : deliveries) {
			insert(delivery);
		}
	}

	/**
	 * An {@code INSERT} of one delivery that selects from a {@code WITH} query: one row when the query has one (the
	 * change won), none else. PostgreSQL only (data-modifying {@code WITH}); the parameters are {@link #params}.
	 * @param query the name of the {@code WITH} query
	 * @return the SQL
	 */
	String insertSelectingFrom(String query) {
		return "INSERT INTO " + this.table + " (" + COLUMNS + ") SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
				+ " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS INTEGER),"
				+ " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR),"
				+ " CAST(? AS BOOLEAN) FROM " + query;
	}

	/**
	 * A delivery's columns as parameters, in {@code COLUMNS} order.
	 * @param delivery the delivery
	 * @return the parameters
	 */
	Object[] params(FulfilmentDelivery delivery) {
		return new Object[] { delivery.id(), delivery.kind().name(), delivery.offerId(), delivery.paymentId(),
				delivery.refundId(), delivery.amount(), delivery.attempts(), time(delivery.createdAt()),
				time(delivery.nextAttemptAt()), delivery.lastError(), delivery.gaveUp() };
	}

	private void insert(FulfilmentDelivery delivery) {
		store("record delivery", () -> this.jdbc
			.sql("INSERT INTO " + this.table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(params(delivery))
			.update());
	}

	@Override
	public void add(List<FulfilmentDelivery> deliveries) {
		for (FulfilmentDelivery delivery : deliveries) {
			boolean known = store("read delivery", () -> this.jdbc
				.sql("SELECT COUNT(*) FROM " + this.table + " WHERE id = ?")
				.param(delivery.id())
				.query(Long.class)
				.single() > 0);
			if (known) {
				continue;
			}
			try {
				insert(delivery);
			}
			catch (DuplicateKeyException ex) {
				// recorded by another writer meanwhile: one record per id
			}
		}
	}

	@Override
	public List<FulfilmentDelivery> claimDue(Instant now, Duration lease, int limit) {
		List<FulfilmentDelivery> due = store("read due deliveries", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table
					+ " WHERE gave_up = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
			.params(false, time(now), limit)
			.query(this::delivery)
			.list());
		List<FulfilmentDelivery> claimed = new ArrayList<>();
		for (FulfilmentDelivery delivery : due) {
			boolean won = store("claim delivery", () -> this.jdbc
				.sql("UPDATE " + this.table + " SET next_attempt_at = ? WHERE id = ? AND gave_up = ? AND next_attempt_at = ?")
				.params(time(now.plus(lease)), delivery.id(), false, time(delivery.nextAttemptAt()))
				.update() == 1);
			if (won) {
				claimed.add(delivery);
			}
		}
		return claimed;
	}

	@Override
	public void delivered(String id) {
		store("remove delivery", () -> this.jdbc.sql("DELETE FROM " + this.table + " WHERE id = ?").param(id).update());
	}

	@Override
	public void failed(FulfilmentDelivery delivery) {
		store("record failed delivery", () -> this.jdbc
			.sql("UPDATE " + this.table + " SET attempts = ?, next_attempt_at = ?, last_error = ?, gave_up = ? WHERE id = ?")
			.params(delivery.attempts(), time(delivery.nextAttemptAt()), delivery.lastError(), delivery.gaveUp(),
					delivery.id())
			.update());
	}

	@Override
	public List<FulfilmentDelivery> undelivered(int limit) {
		return store("read deliveries", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " ORDER BY gave_up DESC, created_at, id LIMIT ?")
			.param(limit)
			.query(this::delivery)
			.list());
	}

	@Override
	public Counts counts() {
		return store("count deliveries", () -> this.jdbc
			.sql("SELECT COUNT(*) - SUM(CASE WHEN gave_up THEN 1 ELSE 0 END) AS pending,"
					+ " SUM(CASE WHEN gave_up THEN 1 ELSE 0 END) AS gave_up FROM " + this.table)
			.query((rs, row) -> new Counts(rs.getLong("pending"), rs.getLong("gave_up")))
			.single());
	}

	private FulfilmentDelivery delivery(ResultSet rs, int row) throws SQLException {
		return new FulfilmentDelivery(rs.getString("id"), FulfilmentDelivery.Kind.valueOf(rs.getString("kind")),
				rs.getString("offer_id"), rs.getString("payment_id"), rs.getString("refund_id"), rs.getLong("amount"),
				rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(), rs.getString("last_error"),
				rs.getBoolean("gave_up"));
	}

}
