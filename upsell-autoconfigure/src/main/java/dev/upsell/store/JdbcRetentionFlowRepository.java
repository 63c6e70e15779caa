package dev.upsell.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowRepository;

import static dev.upsell.store.JdbcSupport.store;
import static dev.upsell.store.JdbcSupport.time;

/**
 * Retention flows on a relational database (PostgreSQL, H2), safe for many instances: one open flow per
 * subscription by a unique {@code open_slot}, and every change one {@code UPDATE … WHERE id = ? AND version = ?}.
 * Database failures surface as {@code OfferStoreException}.
 */
public final class JdbcRetentionFlowRepository implements RetentionFlowRepository {

	private static final String COLUMNS = "id, customer_id, subscription_id, status, reason, customer_comment, offer_id, "
			+ "version, created_at, updated_at, resume_at, next_billing_date, failure_reason, kept, variant, downgrade_to";

	/** The statuses a flow is measured in, once decided. */
	private static final String MEASURED = "'SAVED', 'CANCELLED', 'DOWNGRADED', 'FAILED', 'EXPIRED'";

	private final JdbcClient jdbc;

	private final String table;

	/**
	 * Creates the repository.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 */
	public JdbcRetentionFlowRepository(DataSource dataSource, String tablePrefix) {
		this.jdbc = JdbcClient.create(dataSource);
		this.table = tablePrefix + "retention_flows";
	}

	/** The flows' table name. */
	public String table() {
		return this.table;
	}

	/**
	 * Fails fast, naming the fix, when the table is missing.
	 * @throws IllegalStateException when it cannot be read
	 */
	public void checkTable() {
		JdbcSupport.checkTable(this.jdbc, this.table);
	}

	@Override
	public void insert(RetentionFlow flow) {
		try {
			store("insert retention flow " + flow.id(), () -> this.jdbc
				.sql("INSERT INTO " + this.table + " (" + COLUMNS + ", open_slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(flow.id(), flow.customerId(), flow.subscriptionId(), flow.status().name(), flow.reason(),
						flow.comment(), flow.offerId(), 0L, time(flow.createdAt()), time(flow.updatedAt()),
						timeOrNull(flow.resumeAt()), timeOrNull(flow.nextBillingDate()), flow.failureReason(), flow.kept(),
						flow.variant(), flow.downgradeTo(), flow.openSlot())
				.update());
		}
		catch (DuplicateKeyException ex) {
			throw new OpenFlowExistsException(flow.subscriptionId());
		}
	}

	@Override
	public Optional<RetentionFlow> findById(String id) {
		return store("read retention flow", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE id = ?")
			.param(id)
			.query(this::flow)
			.optional());
	}

	@Override
	public Optional<RetentionFlow> findOpen(String subscriptionId) {
		return store("read open retention flow", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE open_slot = ?")
			.param(subscriptionId)
			.query(this::flow)
			.optional());
	}

	@Override
	public List<RetentionFlow> findByCustomer(String customerId) {
		return store("read retention flows", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE customer_id = ? ORDER BY created_at DESC, id")
			.param(customerId)
			.query(this::flow)
			.list());
	}

	@Override
	public Optional<RetentionFlow> compareAndSet(RetentionFlow expected, RetentionFlow updated) {
		RetentionFlow written = updated.withVersion(expected.version() + 1);
		boolean won = store("update retention flow " + expected.id(), () -> this.jdbc
			.sql("UPDATE " + this.table + " SET status = ?, reason = ?, customer_comment = ?, offer_id = ?, version = ?,"
					+ " updated_at = ?, resume_at = ?, next_billing_date = ?, failure_reason = ?, kept = ?, variant = ?,"
					+ " open_slot = ?"
					+ " WHERE id = ? AND version = ?")
			.params(written.status().name(), written.reason(), written.comment(), written.offerId(), written.version(),
					time(written.updatedAt()), timeOrNull(written.resumeAt()), timeOrNull(written.nextBillingDate()),
					written.failureReason(), written.kept(), written.variant(), written.openSlot(), expected.id(),
					expected.version())
			.update() == 1);
		return won ? Optional.of(written) : Optional.empty();
	}

	@Override
	public List<RetentionFlow> findStale(Instant updatedBefore, int limit) {
		return store("read stale retention flows", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table
					+ " WHERE open_slot IS NOT NULL AND updated_at < ? ORDER BY updated_at, id LIMIT ?")
			.params(time(updatedBefore), limit)
			.query(this::flow)
			.list());
	}

	@Override
	public List<RetentionFlow> findFlowsToMeasure(Instant updatedBefore, int limit) {
		return store("read flows to measure", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE status IN (" + MEASURED + ") AND reason IS NOT NULL"
					+ " AND kept IS NULL AND resume_at IS NULL AND updated_at < ? ORDER BY updated_at, id LIMIT ?")
			.params(time(updatedBefore), limit)
			.query(this::flow)
			.list());
	}

	@Override
	public List<Tally> tally(Instant since) {
		// counted where the rows are: one statement, the same answer on every instance
		return store("tally retention flows", () -> this.jdbc
			.sql("SELECT arm, COUNT(*) AS flows, SUM(CASE WHEN status = 'SAVED' THEN 1 ELSE 0 END) AS saved,"
					+ " SUM(CASE WHEN kept IS NOT NULL THEN 1 ELSE 0 END) AS measured,"
					+ " SUM(CASE WHEN kept = TRUE THEN 1 ELSE 0 END) AS kept FROM (SELECT COALESCE(variant, offer_id, 'none')"
					+ " AS arm, status, kept FROM " + this.table + " WHERE reason IS NOT NULL AND created_at >= ?) AS arms"
					+ " GROUP BY arm ORDER BY arm")
			.param(time(since))
			.query((rs, row) -> new Tally(rs.getString("arm"), rs.getLong("flows"), rs.getLong("saved"),
					rs.getLong("measured"), rs.getLong("kept")))
			.list());
	}

	@Override
	public List<RetentionFlow> findPausesDue(Instant now, int limit) {
		return store("read pauses due", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table
					+ " WHERE status = ? AND resume_at <= ? ORDER BY resume_at, id LIMIT ?")
			.params(RetentionFlow.Status.SAVED.name(), time(now), limit)
			.query(this::flow)
			.list());
	}

	private RetentionFlow flow(ResultSet rs, int row) throws SQLException {
		return new RetentionFlow(rs.getString("id"), rs.getString("customer_id"), rs.getString("subscription_id"),
				RetentionFlow.Status.valueOf(rs.getString("status")), rs.getString("reason"),
				rs.getString("customer_comment"), rs.getString("offer_id"), rs.getLong("version"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instantOrNull(rs, "resume_at"),
				instantOrNull(rs, "next_billing_date"), rs.getString("failure_reason"),
				rs.getObject("kept", Boolean.class), rs.getString("variant"), rs.getString("downgrade_to"));
	}

	private static @Nullable OffsetDateTime timeOrNull(@Nullable Instant instant) {
		return (instant != null) ? time(instant) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Instant instant = instantOrNull(rs, column);
		if (instant == null) {
			throw new SQLException(column + " is null");
		}
		return instant;
	}

	private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

}
