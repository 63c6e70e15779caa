package dev.upsell.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.upsell.Upsell;
import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferStatus;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

/**
 * Reconciliation with many open offers in PostgreSQL: stale accepted offers whose outcome Dodo never learned
 * (no payment at Dodo), one run a simulated minute. Measures the Dodo calls per stale offer per hour and how
 * many runs a fresh unknown-outcome offer (a charge whose answer was lost) waits to settle, for the reconciler
 * (backoff, a budget of calls per run, never-looked-at offers first) and, in the same run on the same table, for
 * the previous algorithm as the baseline (every run looked up the 500 oldest accepted offers).
 */
final class ReconciliationScale {

	/** What one measurement found. */
	record Result(int offers, int minutes, double callsPerStaleOfferPerHour, double baselineCallsPerStaleOfferPerHour,
			int runsToSettleFresh, int baselineRunsToSettleFresh, double msPerRun, double baselineMsPerRun) {
	}

	private static final int BASELINE_BATCH = 500;

	private ReconciliationScale() {
	}

	/**
	 * Runs it standalone: {@code java -cp benchmarks/target/upsell-benchmarks.jar
	 * dev.upsell.benchmarks.ReconciliationScale [offers]}.
	 * @param args the number of stale offers (100,000 by default)
	 * @throws Exception when it fails
	 */
	public static void main(String[] args) throws Exception {
		int offers = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
			pool.setUsername("postgres");
			System.out.println(run(pool, offers, 30, 10));
		}
	}

	static Result run(DataSource dataSource, int offers, int minutes, int baselineMinutes) {
		new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "upsell_", null, null)
			.initializeDatabase();
		SimClock clock = new SimClock(Instant.now());
		insertStale(dataSource, offers, clock.instant());
		try (DodoSimulator dodo = DodoSimulator.builder().demoData(true)
			// a kind simulator: the load here is far past the rate limit real Dodo would apply
			.modes((modes) -> modes.rateLimit(0))
			.start()) {
			DodoClient client = OfferHarness.client(dodo);
			JdbcOfferRepository repository = new JdbcOfferRepository(dataSource, "upsell_");
			OfferReconciler reconciler = Upsell.builder(client)
				.store(repository)
				.rules(List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL, 1, null,
						ChargeMethod.ONE_TIME_PAYMENT)))
				.clock(clock)
				.build()
				.reconciler();

			// the reconciler: a fresh offer appears after 5 minutes
			int reads = reads(dodo);
			long nanos = 0;
			int runsToSettle = -1;
			Offer fresh = null;
			for (int minute = 0; minute < minutes; minute++) {
				if (minute == 5) {
					fresh = fresh(dodo, repository, clock.instant(), "cus_fresh_new");
				}
				long t0 = System.nanoTime();
				reconciler.reconcile(500);
				nanos += System.nanoTime() - t0;
				if (fresh != null && runsToSettle < 0
						&& repository.findById(fresh.id()).orElseThrow().status() == OfferStatus.CONVERTED) {
					runsToSettle = minute - 5 + 1;
				}
				clock.advance(Duration.ofMinutes(1));
			}
			double perHour = (double) (reads(dodo) - reads) / offers / (minutes / 60.0);
			double msPerRun = nanos / 1e6 / minutes;

			// the baseline on the same table: the 500 oldest accepted offers every run, each looked up
			int baselineReads = reads(dodo);
			long baselineNanos = 0;
			int baselineRunsToSettle = -1;
			Offer baselineFresh = null;
			for (int minute = 0; minute < baselineMinutes; minute++) {
				if (minute == 5) {
					baselineFresh = fresh(dodo, repository, clock.instant(), "cus_fresh_old");
				}
				long t0 = System.nanoTime();
				boolean seen = false;
				for (Offer offer : repository.findByStatus(OfferStatus.ACCEPTED,
						clock.instant().minus(Duration.ofMinutes(2)), BASELINE_BATCH)) {
					client.listPayments(PaymentQuery.forCustomer(offer.customerId(),
							offer.createdAt().minus(Duration.ofMinutes(5)), 50));
					seen |= baselineFresh != null && offer.id().equals(baselineFresh.id());
				}
				baselineNanos += System.nanoTime() - t0;
				if (seen && baselineRunsToSettle < 0) {
					baselineRunsToSettle = minute - 5 + 1;
				}
				clock.advance(Duration.ofMinutes(1));
			}
			double baselinePerHour = (double) (reads(dodo) - baselineReads) / offers / (baselineMinutes / 60.0);
			return new Result(offers, minutes, perHour, baselinePerHour, runsToSettle, baselineRunsToSettle, msPerRun,
					baselineNanos / 1e6 / baselineMinutes);
		}
	}

	/** Stale accepted offers, 3 to 20 hours old, of customers Dodo has no payment of (one PostgreSQL statement). */
	private static void insertStale(DataSource dataSource, int offers, Instant now) {
		JdbcClient.create(dataSource)
			.sql("INSERT INTO upsell_offers (id, customer_id, rule_id, kind, product_id, quantity, amount, currency, "
					+ "status, accepted_step, version, created_at, expires_at, updated_at, context) "
					+ "SELECT 'off_stale_' || n, 'cus_stale_' || n, 'coaching', 'UPSELL', 'prod_coaching', 1, 9900, 'USD', "
					+ "'ACCEPTED', 'OUTCOME_UNKNOWN', 1, ts, ts + interval '30 minutes', ts, '{}' "
					+ "FROM (SELECT n, ?::timestamptz - (interval '3 hours' + (n % 1020) * interval '1 minute') AS ts "
					+ "FROM generate_series(1, ?) AS n) AS stale")
			.params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), offers)
			.update();
	}

	/** An offer charged at Dodo just now whose answer was lost: ACCEPTED, no payment id, a payment at Dodo. */
	private static Offer fresh(DodoSimulator dodo, JdbcOfferRepository repository, Instant now, String customerId) {
		dodo.customer(customerId, customerId + "@example.com", "Fresh", SimCard.working("pm_" + customerId));
		Offer offer = new Offer("off_" + customerId, customerId, "coaching", OfferKind.UPSELL, DemoData.COACHING, 1,
				new Money(9900, "USD"), OfferStatus.PRESENTED, null, 0, now, now.plus(Duration.ofMinutes(30)), now,
				DemoData.COURSE, "order_" + customerId, null, null, null, null, null, 0, 0, Map.of());
		repository.insert(offer);
		Offer accepted = repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, now)
			.atStep(AcceptedStep.OUTCOME_UNKNOWN, now)).orElseThrow();
		dodo.faults().loseAnswerNext("POST /payments", 1);
		try {
			OfferHarness.client(dodo).createPayment(new dev.upsell.dodo.OneTimePaymentRequest(
					new dev.upsell.dodo.BillingAddress("US", null, null, null, null),
					dev.upsell.dodo.CustomerRef.existing(customerId),
					List.of(new dev.upsell.dodo.CartItem(DemoData.COACHING, 1, null)), "pm_" + customerId, null,
					Map.of("offer_id", accepted.id()), null, null));
		}
		catch (RuntimeException ex) {
			// the answer is lost, as meant: Dodo took the charge
		}
		return accepted;
	}

	private static int reads(DodoSimulator dodo) {
		return (int) dodo.requests().stream().filter((request) -> request.operation().startsWith("GET")).count();
	}

	static String format(Result result) {
		return String.format(Locale.ROOT, "%.2f vs %.2f calls per stale offer per hour; fresh offer settled after %s "
				+ "vs %s; %.0f ms vs %.0f ms per run", result.callsPerStaleOfferPerHour(),
				result.baselineCallsPerStaleOfferPerHour(), runs(result.runsToSettleFresh(), result.minutes() - 5),
				runs(result.baselineRunsToSettleFresh(), 5), result.msPerRun(), result.baselineMsPerRun());
	}

	private static String runs(int runs, int of) {
		return (runs < 0) ? "never in " + of + " runs" : runs + " run" + ((runs == 1) ? "" : "s");
	}

	/** A clock the benchmark moves one simulated minute per run. */
	private static final class SimClock extends Clock {

		private volatile Instant now;

		SimClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
