package dev.upsell.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.FulfilmentDelivery;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OfferStoreException;
import dev.upsell.offer.OpenOfferExistsException;

/**
 * An {@link OfferRepository} on a relational database (PostgreSQL, H2) through Spring's {@link JdbcClient},
 * safe for many application instances sharing one database: every transition is one conditional
 * {@code UPDATE … WHERE id = ? AND status = ? AND version = ?}, and the row count decides the winner. No
 * read-modify-write, no transaction held around a Dodo call. Database failures surface as
 * {@link OfferStoreException}.
 */
public final class JdbcOfferRepository implements OfferRepository {

	private static final String COLUMNS = "id, customer_id, rule_id, kind, product_id, quantity, amount, currency, "
			+ "status, accepted_step, version, created_at, expires_at, updated_at, trigger_product_id, trigger_reference, "
			+ "parent_offer_id, payment_id, checkout_session_id, checkout_url, failure_reason, paid_amount, "
			+ "refunded_amount, context, paid_currency";

	private static final List<String> CLOSED = List.of(OfferStatus.CONVERTED.name(), OfferStatus.FAILED.name(),
			OfferStatus.DECLINED.name(), OfferStatus.EXPIRED.name());

	private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {
	};

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String table;

	private final DatabasePlatform platform;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Creates the repository.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 */
	public JdbcOfferRepository(DataSource dataSource, String tablePrefix) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.table = tablePrefix + "offers";
		this.platform = new DatabasePlatform(dataSource);
	}

	/** The offers table's name. */
	public String table() {
		return this.table;
	}

	@Override
	public void insert(Offer offer) {
		store("insert offer " + offer.id(), () -> {
			try {
				// experiment and variant in their own columns too: the experiment ledger counts results by them
				return this.jdbc.sql("INSERT INTO " + this.table + " (" + COLUMNS + ", open_slot, experiment, variant) VALUES "
						+ "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					.params(offer.id(), offer.customerId(), offer.ruleId(), offer.kind().name(), offer.productId(),
							offer.quantity(), offer.price().amount(), offer.price().currency(), offer.status().name(),
							name(offer.step()), offer.version(), time(offer.createdAt()), time(offer.expiresAt()), time(offer.updatedAt()),
							offer.triggerProductId(), offer.triggerReference(), offer.parentOfferId(), offer.paymentId(),
							offer.checkoutSessionId(), offer.checkoutUrl(), offer.failureReason(), offer.paidAmount(),
							offer.refundedAmount(), this.json.writeValueAsString(offer.details().storedWith(offer.context())),
							offer.paidCurrency(),
							offer.openSlot(), offer.details().experiment(), offer.details().variant())
					.update();
			}
			catch (DuplicateKeyException ex) {
				boolean idTaken = this.jdbc.sql("SELECT COUNT(*) FROM " + this.table + " WHERE id = ?")
					.param(offer.id())
					.query(Long.class)
					.single() > 0;
				if (idTaken) {
					throw new IllegalStateException("Offer " + offer.id() + " exists already");
				}
				throw new OpenOfferExistsException(offer);
			}
		});
	}

	@Override
	public Optional<Offer> findById(String id) {
		return store("read offer " + id, () -> this.jdbc.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE id = ?")
			.param(id)
			.query(this::offer)
			.optional());
	}

	@Override
	public List<Offer> findByCustomer(String customerId) {
		return store("read offers of " + customerId, () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE customer_id = ? ORDER BY created_at DESC, id")
			.param(customerId)
			.query(this::offer)
			.list());
	}

	@Override
	public Optional<Offer> findByPaymentId(String paymentId) {
		return store("read offer of payment " + paymentId, () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE payment_id = ?")
			.param(paymentId)
			.query(this::offer)
			.optional());
	}

	@Override
	public Optional<Offer> compareAndSet(Offer expected, Offer updated) {
		Offer written = updated.withVersion(expected.version() + 1);
		boolean won = store("update offer " + expected.id(), () -> this.jdbc
			.sql(OfferUpdate.sql(this.table, expected, written))
			.params(OfferUpdate.params(expected, written))
			.update() == 1);
		return won ? Optional.of(written) : Optional.empty();
	}

	/**
	 * The change and its deliveries at once when the outbox writes to this database, so a conversion is never
	 * written without its delivery to the host: on PostgreSQL one statement (the {@code UPDATE} in a {@code WITH}
	 * whose {@code INSERT} of the delivery selects from it: one round trip, atomic, no transaction to open and
	 * commit), elsewhere one transaction.
	 */
	@Override
	public Optional<Offer> compareAndSet(Offer expected, Offer updated, List<FulfilmentDelivery> deliveries,
			FulfilmentOutbox outbox) {
		if (deliveries.isEmpty() || !(outbox instanceof JdbcFulfilmentOutbox jdbcOutbox)
				|| !jdbcOutbox.writesTo(this.dataSource)) {
			return OfferRepository.super.compareAndSet(expected, updated, deliveries, outbox);
		}
		if (deliveries.size() == 1 && this.platform.isPostgreSql()) {
			Offer written = updated.withVersion(expected.version() + 1);
			boolean won = store("update offer " + expected.id(), () -> this.jdbc
				.sql("WITH changed AS (" + OfferUpdate.sql(this.table, expected, written) + " RETURNING id) "
						+ jdbcOutbox.insertSelectingFrom("changed"))
				.params(OfferUpdate.with(OfferUpdate.params(expected, written), jdbcOutbox.params(deliveries.get(0))))
				.update() == 1);
			return won ? Optional.of(written) : Optional.empty();
		}
		return store("update offer " + expected.id(), () -> this.transactions.execute((status) -> {
			Optional<Offer> written = compareAndSet(expected, updated);
			written.ifPresent((offer) -> jdbcOutbox.addWithChange(deliveries));
			return written;
		}));
	}

	/**
	 * Reads the due offers, those never looked at first (newest first: a customer may be waiting on the page for
	 * it), then those whose next check has come
	 * (earliest first), each from one index range (status, next check), and claims each with one conditional
	 * {@code UPDATE} of its next check, so of several instances exactly one wins each offer per lease, and an
	 * instance that loses some reads on instead of starving the offers behind them. A fresh offer whose outcome is
	 * unknown is never stuck behind stale ones. Portable (PostgreSQL, H2) and without a transaction held open; the
	 * claim is not an offer change, so the version stays.
	 */
	@Override
	public List<Offer> claimForReconciliation(Instant updatedBefore, Instant now, Duration lease, int limit) {
		int read = Math.max(limit, 1) * 2;
		List<Offer> due = new ArrayList<>(store("read offers never looked at", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE status = ? AND reconcile_lease_until IS NULL"
					+ " AND updated_at < ? ORDER BY updated_at DESC, id LIMIT ?")
			.params(OfferStatus.ACCEPTED.name(), time(updatedBefore), read)
			.query(this::offer)
			.list()));
		if (due.size() < read) {
			int more = read - due.size();
			due.addAll(store("read due offers", () -> this.jdbc
				.sql("SELECT " + COLUMNS + " FROM " + this.table + " WHERE status = ? AND reconcile_lease_until <= ?"
						+ " AND updated_at < ? ORDER BY reconcile_lease_until, id LIMIT ?")
				.params(OfferStatus.ACCEPTED.name(), time(now), time(updatedBefore), more)
				.query(this::offer)
				.list()));
		}
		List<Offer> claimed = new ArrayList<>();
		for (Offer offer : due) {
			if (claimed.size() >= limit) {
				break;
			}
			boolean won = store("claim offer " + offer.id(), () -> this.jdbc.sql("UPDATE " + this.table
					+ " SET reconcile_lease_until = ? WHERE id = ? AND status = ? AND version = ?"
					+ " AND (reconcile_lease_until IS NULL OR reconcile_lease_until <= ?)")
				.params(time(now.plus(lease)), offer.id(), OfferStatus.ACCEPTED.name(), offer.version(), time(now))
				.update() == 1);
			if (won) {
				claimed.add(offer);
			}
		}
		return claimed;
	}

	@Override
	public void scheduleNextCheck(String offerId, Instant at) {
		store("schedule offer " + offerId, () -> this.jdbc
			.sql("UPDATE " + this.table + " SET reconcile_lease_until = ? WHERE id = ? AND status = ?")
			.params(time(at), offerId, OfferStatus.ACCEPTED.name())
			.update());
	}

	@Override
	public List<Offer> findByStatus(OfferStatus status, Instant updatedBefore, int limit) {
		return store("read " + status + " offers", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.table
					+ " WHERE status = ? AND updated_at < ? ORDER BY updated_at, id LIMIT ?")
			.params(status.name(), time(updatedBefore), limit)
			.query(this::offer)
			.list());
	}

	@Override
	public int purgeClosed(Instant updatedBefore, int limit) {
		return store("purge offers", () -> this.jdbc.sql("DELETE FROM " + this.table + " WHERE id IN (SELECT id FROM "
				+ this.table + " WHERE status IN (?, ?, ?, ?) AND updated_at < ? ORDER BY updated_at LIMIT ?)")
			.params(CLOSED.get(0), CLOSED.get(1), CLOSED.get(2), CLOSED.get(3), time(updatedBefore), limit)
			.update());
	}

	/** Fails with a message saying how to create the table when it is missing. */
	public void checkTable() {
		JdbcSupport.checkTable(this.jdbc, this.table);
	}

	private Offer offer(ResultSet rs, int row) throws SQLException {
		OfferStatus status = OfferStatus.valueOf(rs.getString("status"));
		String step = rs.getString("accepted_step");
		// one JSON column: the purchase's attributes and the offer's details beside them (OfferDetails.STORED_KEYS)
		Map<String, String> stored = this.json.readValue(rs.getString("context"), CONTEXT);
		return new Offer(rs.getString("id"), rs.getString("customer_id"), rs.getString("rule_id"),
				OfferKind.valueOf(rs.getString("kind")), rs.getString("product_id"), rs.getInt("quantity"),
				new Money(rs.getLong("amount"), rs.getString("currency").trim()), status,
				(status != OfferStatus.ACCEPTED) ? null
						: (step != null) ? AcceptedStep.valueOf(step) : AcceptedStep.OUTCOME_UNKNOWN,
				rs.getLong("version"), instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "updated_at"),
				rs.getString("trigger_product_id"), rs.getString("trigger_reference"), rs.getString("parent_offer_id"),
				rs.getString("payment_id"), rs.getString("checkout_session_id"), rs.getString("checkout_url"),
				rs.getString("failure_reason"), rs.getLong("paid_amount"), rs.getLong("refunded_amount"),
				OfferDetails.purchaseOf(stored), rs.getString("paid_currency"), OfferDetails.readFrom(stored));
	}

	private static @Nullable String name(@Nullable Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static <T> T store(String what, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException ex) {
			throw new OfferStoreException("Offer store failed to " + what + ": " + rootMessage(ex), ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		@Nullable String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? " (" + message.lines().findFirst().orElse("") + ")" : "");
	}

}
