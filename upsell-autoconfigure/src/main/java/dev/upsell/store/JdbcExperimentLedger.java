package dev.upsell.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.offer.ExperimentLedger;

import static dev.upsell.store.JdbcSupport.store;
import static dev.upsell.store.JdbcSupport.time;

/**
 * Experiments on a relational database (PostgreSQL, H2), shared by every instance: assignments in
 * {@code upsell_experiment_assignments} (the first insert for a customer wins: the primary key decides), results
 * counted where the rows are, in one statement joining each arm's customers to their offers (and to the offers shown
 * after them, for the later steps' declines). Database failures surface as {@code OfferStoreException}.
 */
public final class JdbcExperimentLedger implements ExperimentLedger {

	private final JdbcClient jdbc;

	private final String assignments;

	private final String offers;

	private final String cancellations;

	/**
	 * Creates the ledger.
	 * @param dataSource the database
	 * @param tablePrefix prefix of the table names, e.g. {@code upsell_}
	 */
	public JdbcExperimentLedger(DataSource dataSource, String tablePrefix) {
		this.jdbc = JdbcClient.create(dataSource);
		this.assignments = tablePrefix + "experiment_assignments";
		this.offers = tablePrefix + "offers";
		this.cancellations = tablePrefix + "subscription_cancellations";
	}

	/**
	 * Fails fast, naming the fix, when the table is missing.
	 * @throws IllegalStateException when it cannot be read
	 */
	public void checkTable() {
		JdbcSupport.checkTable(this.jdbc, this.assignments);
	}

	@Override
	public String assign(String experimentId, String customerId, String variant, Instant at) {
		Optional<String> recorded = read(experimentId, customerId);
		if (recorded.isPresent()) {
			return recorded.get();
		}
		try {
			store("record an experiment assignment", () -> this.jdbc
				.sql("INSERT INTO " + this.assignments + " (experiment_id, customer_id, variant, assigned_at)"
						+ " VALUES (?, ?, ?, ?)")
				.params(experimentId, customerId, variant, time(at))
				.update());
			return variant;
		}
		catch (DuplicateKeyException ex) {
			// another instance recorded the customer first: theirs stays
			return read(experimentId, customerId).orElse(variant);
		}
	}

	@Override
	public void subscriptionCancelled(String subscriptionId, String customerId, Instant at) {
		try {
			store("record a cancellation", () -> this.jdbc
				.sql("INSERT INTO " + this.cancellations + " (subscription_id, customer_id, cancelled_at) VALUES (?, ?, ?)")
				.params(subscriptionId, customerId, time(at))
				.update());
		}
		catch (DuplicateKeyException ex) {
			// recorded already (a replay, or the retention flow then Dodo's webhook): the first stays
		}
	}

	@Override
	public @Nullable String recorded(String experimentId, String customerId) {
		return read(experimentId, customerId).orElse(null);
	}

	private Optional<String> read(String experimentId, String customerId) {
		return store("read an experiment assignment", () -> this.jdbc
			.sql("SELECT variant FROM " + this.assignments + " WHERE experiment_id = ? AND customer_id = ?")
			.params(experimentId, customerId)
			.query(String.class)
			.optional());
	}

	@Override
	public List<ArmResult> results(String experimentId, Instant since) {
		String sql = "SELECT a.variant, COUNT(*) AS customers, COALESCE(SUM(o.exposures), 0) AS exposures,"
				+ " COALESCE(SUM(o.conversions), 0) AS conversions, COALESCE(SUM(o.declines), 0) AS declines,"
				+ " COALESCE(SUM(o.accepts), 0) AS accepts,"
				+ " COALESCE(SUM(o.refunds), 0) AS refunds, MIN(o.currency) AS currency,"
				+ " COALESCE(SUM(o.net), 0) AS net, COALESCE(SUM(o.net_squares), 0) AS net_squares,"
				+ " COALESCE(SUM(o.net * o.net), 0) AS customer_squares, COALESCE(SUM(l.later), 0) AS later,"
				+ " COALESCE(SUM(l.later_declines), 0) AS later_declines,"
				+ " SUM(CASE WHEN o.conversions > 0 THEN 1 ELSE 0 END) AS paying,"
				+ " SUM(CASE WHEN o.conversions > 0 AND EXISTS (SELECT 1 FROM " + this.cancellations + " x"
				+ " WHERE x.customer_id = a.customer_id AND x.cancelled_at >= o.first_paid_offer"
				+ " AND x.cancelled_at < o.window_end) THEN 1 ELSE 0 END) AS cancellations"
				+ " FROM " + this.assignments + " a"
				+ " LEFT JOIN (SELECT customer_id, variant, COUNT(*) AS exposures,"
				+ " SUM(CASE WHEN status = 'CONVERTED' THEN 1 ELSE 0 END) AS conversions,"
				+ " SUM(CASE WHEN status = 'DECLINED' THEN 1 ELSE 0 END) AS declines,"
				+ " SUM(CASE WHEN status IN ('ACCEPTED', 'REDIRECTED', 'CONVERTED')"
				+ " OR (status = 'FAILED' AND payment_id IS NOT NULL) THEN 1 ELSE 0 END) AS accepts,"
				+ " SUM(CASE WHEN refunded_amount > 0 THEN 1 ELSE 0 END) AS refunds, MIN(currency) AS currency,"
				+ " SUM(paid_amount - refunded_amount) AS net,"
				+ " SUM(CAST(paid_amount - refunded_amount AS DOUBLE PRECISION) * (paid_amount - refunded_amount))"
				+ " AS net_squares, MIN(CASE WHEN status = 'CONVERTED' THEN created_at END) AS first_paid_offer,"
				+ " MAX(CASE WHEN status = 'CONVERTED' THEN created_at END) + INTERVAL '30' DAY AS window_end"
				+ " FROM " + this.offers + " WHERE experiment = ? GROUP BY customer_id, variant) o"
				+ " ON o.customer_id = a.customer_id AND o.variant = a.variant"
				+ " LEFT JOIN (SELECT p.customer_id, p.variant, COUNT(*) AS later,"
				+ " SUM(CASE WHEN c.status = 'DECLINED' THEN 1 ELSE 0 END) AS later_declines"
				+ " FROM " + this.offers + " c JOIN " + this.offers + " p ON c.parent_offer_id = p.id"
				+ " WHERE p.experiment = ? GROUP BY p.customer_id, p.variant) l"
				+ " ON l.customer_id = a.customer_id AND l.variant = a.variant"
				+ " WHERE a.experiment_id = ? AND a.assigned_at >= ? GROUP BY a.variant ORDER BY a.variant";
		return store("read experiment results", () -> this.jdbc.sql(sql)
			.params(experimentId, experimentId, experimentId, time(since))
			.query((rs, row) -> new ArmResult(rs.getString("variant"), rs.getLong("customers"), rs.getLong("exposures"),
					rs.getLong("conversions"), rs.getLong("declines"), rs.getLong("refunds"), rs.getString("currency"),
					rs.getLong("net"), rs.getDouble("net_squares"), rs.getDouble("customer_squares"),
					rs.getLong("later"), rs.getLong("later_declines"), rs.getLong("paying"), rs.getLong("cancellations"),
					rs.getLong("accepts")))
			.list());
	}

}
