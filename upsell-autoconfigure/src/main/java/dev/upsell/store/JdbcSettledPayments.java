package dev.upsell.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.FulfilmentDelivery;
import dev.upsell.offer.FulfilmentRelay;
import dev.upsell.offer.OfferStoreException;
import dev.upsell.offer.SettledPayment;
import dev.upsell.offer.SettledPayments;

import static dev.upsell.store.JdbcSupport.store;
import static dev.upsell.store.JdbcSupport.time;

/**
 * {@link SettledPayments} in the tables {@code upsell_payments} and {@code upsell_refunds}, shared by every
 * instance. A refund is one short transaction: the payment's row is locked ({@code SELECT … FOR UPDATE}), the
 * {@code refund_id} checked and inserted, and the amount counted up to what is left, so two deliveries of one
 * refund on two instances count it once, and two different refunds never count past the payment. Database
 * failures surface as {@link OfferStoreException}.
 */
public final class JdbcSettledPayments implements SettledPayments {

	private static final String COLUMNS = "payment_id, offer_id, customer_id, rule_id, kind, funnel_step, variant, "
			+ "paid_amount, currency, refunded_amount, settled_at";

	private final @Nullable JdbcFulfilmentOutbox outbox;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String payments;

	private final String refunds;

	/**
	 * Creates the store.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 */
	public JdbcSettledPayments(DataSource dataSource, String tablePrefix) {
		this(dataSource, tablePrefix, null);
	}

	/**
	 * Creates the store, recording the host's delivery of each counted refund in the refund's own transaction.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 * @param outbox the deliveries owed to the host, on the same database; {@code null} for none
	 */
	public JdbcSettledPayments(DataSource dataSource, String tablePrefix, @Nullable JdbcFulfilmentOutbox outbox) {
		this.outbox = (outbox != null && outbox.writesTo(dataSource)) ? outbox : null;
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.payments = tablePrefix + "payments";
		this.refunds = tablePrefix + "refunds";
	}

	@Override
	public void record(SettledPayment payment) {
		store("record payment", () -> {
			try {
				return this.jdbc.sql("INSERT INTO " + this.payments + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					.params(payment.paymentId(), payment.offerId(), payment.customerId(), payment.ruleId(),
							payment.kind().name(), payment.funnelStep(), payment.variant(), payment.paidAmount(),
							payment.currency(), payment.refundedAmount(), time(payment.settledAt()))
					.update();
			}
			catch (DuplicateKeyException ex) {
				return 0;
			}
		});
	}

	@Override
	public Optional<SettledPayment> find(String paymentId) {
		return store("read payment", () -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.payments + " WHERE payment_id = ?")
			.param(paymentId)
			.query(this::payment)
			.optional());
	}

	@Override
	public RefundRecorded refund(String refundId, String paymentId, long amount, Instant at) {
		try {
			return store("record refund", () -> this.transactions.execute((status) -> {
				Optional<SettledPayment> found = this.jdbc
					.sql("SELECT " + COLUMNS + " FROM " + this.payments + " WHERE payment_id = ? FOR UPDATE")
					.param(paymentId)
					.query(this::payment)
					.optional();
				if (found.isEmpty()) {
					return new RefundRecorded(RefundRecorded.Outcome.UNKNOWN_PAYMENT, 0, null);
				}
				SettledPayment payment = found.get();
				boolean known = this.jdbc.sql("SELECT COUNT(*) FROM " + this.refunds + " WHERE refund_id = ?")
					.param(refundId)
					.query(Long.class)
					.single() > 0;
				if (known) {
					return new RefundRecorded(RefundRecorded.Outcome.ALREADY_RECORDED, 0, payment);
				}
				long counted = Math.min(Math.max(amount, 0), payment.refundable());
				this.jdbc.sql("INSERT INTO " + this.refunds
						+ " (refund_id, payment_id, amount, counted, recorded_at) VALUES (?, ?, ?, ?, ?)")
					.params(refundId, paymentId, amount, counted, time(at))
					.update();
				this.jdbc.sql("UPDATE " + this.payments + " SET refunded_amount = ? WHERE payment_id = ?")
					.params(payment.refundedAmount() + counted, paymentId)
					.update();
				SettledPayment after = new SettledPayment(payment.paymentId(), payment.offerId(), payment.customerId(),
						payment.ruleId(), payment.kind(), payment.funnelStep(), payment.variant(), payment.paidAmount(),
						payment.currency(), payment.refundedAmount() + counted, payment.settledAt());
				if (this.outbox != null && counted > 0) {
					// the host hears of the refund whatever happens after this commit
					this.outbox.add(java.util.List.of(FulfilmentDelivery.refunded(after, refundId, counted, at,
							at.plus(FulfilmentRelay.Settings.defaults().lease()))));
				}
				return new RefundRecorded(RefundRecorded.Outcome.COUNTED, counted, after);
			}));
		}
		catch (DuplicateKeyException ex) {
			// the same refund_id recorded for another payment: Dodo's ids are unique, so it was counted there
			return new RefundRecorded(RefundRecorded.Outcome.ALREADY_RECORDED, 0, find(paymentId).orElse(null));
		}
	}

	@Override
	public int purge(Instant settledBefore, int limit) {
		return store("purge payments", () -> this.transactions.execute((status) -> {
			String due = "SELECT payment_id FROM " + this.payments + " WHERE settled_at < ? ORDER BY settled_at LIMIT ?";
			this.jdbc.sql("DELETE FROM " + this.refunds + " WHERE payment_id IN (" + due + ")")
				.params(time(settledBefore), limit)
				.update();
			return this.jdbc.sql("DELETE FROM " + this.payments + " WHERE payment_id IN (" + due + ")")
				.params(time(settledBefore), limit)
				.update();
		}));
	}

	private SettledPayment payment(ResultSet rs, int row) throws SQLException {
		return new SettledPayment(rs.getString("payment_id"), rs.getString("offer_id"), rs.getString("customer_id"),
				rs.getString("rule_id"), OfferKind.valueOf(rs.getString("kind")), rs.getString("funnel_step"),
				rs.getString("variant"), rs.getLong("paid_amount"), rs.getString("currency").trim(),
				rs.getLong("refunded_amount"), rs.getObject("settled_at", OffsetDateTime.class).toInstant());
	}

}
