package dev.upsell.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;

/**
 * Runs every benchmark and prints one table of ratios against the baselines measured in the same run.
 * {@code java -jar benchmarks/target/upsell-benchmarks.jar} runs the short version (about 3 minutes on 2
 * cores); add {@code --full} for longer JMH runs and more iterations, or {@code --accept} for the accept rows alone.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	/**
	 * Runs the suite.
	 * @param args {@code --full} for the long version
	 * @throws Exception when a benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		boolean full = args.length > 0 && args[0].equals("--full");
		StringBuilder table = new StringBuilder();
		table.append("| benchmark | measured | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n");
		if (args.length > 0 && args[0].equals("--accept")) {
			// the accept rows on their own (about a minute)
			accept(table, AcceptOverhead.inMemory(1500), 1.2);
			try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
					HikariDataSource pool = pool(postgres)) {
				accept(table, AcceptOverhead.jdbc(schema(pool), 1000), 1.5);
			}
			System.out.println(table);
			return;
		}
		if (args.length > 0 && args[0].equals("--store")) {
			// the store-bound rows on their own (about a minute)
			try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
					HikariDataSource first = pool(postgres);
					HikariDataSource second = pool(postgres)) {
				store(table, StoreContention.run(schema(first), second, 5000));
			}
			System.out.println(table);
			return;
		}

		Options options = new OptionsBuilder().include(WebhookVerificationBenchmark.class.getSimpleName())
			.include(WebhookEndpointBenchmark.class.getSimpleName())
			.forks(1)
			// the full webhook path needs several seconds of JIT before it is steady; the floor far less
			.warmupIterations(5)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(full ? 10 : 5)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgs("-Xms512m", "-Xmx512m")
			.build();
		Collection<RunResult> results = new Runner(options).run();
		for (String size : new String[] { "1024", "65536" }) {
			double raw = score(results, "rawHmac", size);
			double ours = score(results, "ours", size);
			double official = score(results, "official", size);
			String label = label(size);
			row(table, "webhook verify " + label + ": ours vs raw HMAC", ops(ours), ops(raw), ours / raw, "≥ 0.8×",
					ours / raw >= 0.8);
			row(table, "webhook verify " + label + ": ours vs official library", ops(ours), ops(official),
					ours / official, "≥ 1.5×", ours / official >= 1.5);
		}
		double endpoint = score(results, "verifyParseDedupePublish", null);
		double floor = score(results, "floor", "1024");
		row(table, "webhook verify+parse+dedupe+publish, " + label("1024") + ": time vs floor (raw HMAC + Jackson tree)",
				ops(endpoint), ops(floor), floor / endpoint, "≤ 1.5×", floor / endpoint <= 1.5);

		AcceptOverhead.Result memory = AcceptOverhead.inMemory(full ? 5000 : 1500);
		accept(table, memory, 1.2);
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			try (HikariDataSource pool = pool(postgres)) {
				AcceptOverhead.Result jdbc = AcceptOverhead.jdbc(schema(pool), full ? 3000 : 1000);
				accept(table, jdbc, 1.5);
			}
			Contention.Result contention = Contention.run(postgres.getJdbcUrl("postgres", "postgres"), 10_000);
			row(table, "contention: 2 instances × 8 threads, 10,000 offers on PostgreSQL",
					String.format(Locale.ROOT, "%.0f accepts/s", contention.acceptsPerSecond()),
					contention.charges() + " charges", contention.duplicates(), "0 duplicates",
					contention.duplicates() == 0 && contention.charges() == contention.offers());
			try (HikariDataSource first = pool(postgres); HikariDataSource second = pool(postgres)) {
				store(table, StoreContention.run(schema(first), second, full ? 20_000 : 5000));
			}
			try (HikariDataSource pool = pool(postgres)) {
				ReconciliationScale.Result reconcile = ReconciliationScale.run(pool, 100_000, 30, 10);
				row(table, "reconciliation, 100,000 stale accepted offers on PostgreSQL, a run a minute: Dodo calls per "
						+ "stale offer per hour vs the 500 oldest every run",
						String.format(Locale.ROOT, "%.3f", reconcile.callsPerStaleOfferPerHour()),
						String.format(Locale.ROOT, "%.3f", reconcile.baselineCallsPerStaleOfferPerHour()),
						reconcile.callsPerStaleOfferPerHour() / reconcile.baselineCallsPerStaleOfferPerHour(), "≤ 1×",
						reconcile.callsPerStaleOfferPerHour() <= reconcile.baselineCallsPerStaleOfferPerHour());
				row(table, "reconciliation, the same: runs until a fresh unknown-outcome offer settles (after = 2 min); "
						+ String.format(Locale.ROOT, "%.0f ms vs %.0f ms per run", reconcile.msPerRun(),
								reconcile.baselineMsPerRun()),
						reconcile.runsToSettleFresh() + " runs",
						(reconcile.baselineRunsToSettleFresh() < 0) ? "never (5 runs)"
								: reconcile.baselineRunsToSettleFresh() + " runs",
						0, "first run past `after`",
						reconcile.runsToSettleFresh() > 0 && reconcile.runsToSettleFresh() <= 4);
			}
		}

		Startup.Result startup = Startup.run(full ? 9 : 5);
		row(table, "start-up, median of " + startup.launches() + " JVMs: with starter vs plain web+actuator",
				startup.starterMedianMs() + " ms", startup.plainMedianMs() + " ms", startup.ratio(), "≤ 1.15×",
				startup.ratio() <= 1.15);

		OfferMemory.Result heap = OfferMemory.run(100_000);
		row(table, "memory per open offer (in-memory store, 100,000 offers)",
				String.format(Locale.ROOT, "%.0f B", heap.bytesPerOffer()), "1024 B", heap.bytesPerOffer() / 1024,
				"≤ 1 KiB", heap.bytesPerOffer() <= 1024);
		row(table, "memory after expiry + purge (per former offer)",
				String.format(Locale.ROOT, "%.0f B", heap.bytesPerOfferAfterPurge()), "0 B", 0, "released",
				heap.bytesPerOfferAfterPurge() < 64);

		String header = "dodo-upsell benchmarks, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
				+ " cores, Java " + System.getProperty("java.version") + (full ? ", full run" : ", short run");
		System.out.println();
		System.out.println(header);
		System.out.println(table);
		try {
			Files.writeString(Path.of("benchmark-results.md"), header + "\n\n" + table);
		}
		catch (IOException ex) {
			// printing is enough
		}
	}

	/** The size of the body a size parameter stands for: a full {@code payment.succeeded}, grown to the size. */
	private static String label(String size) {
		int bytes = WebhookVerificationBenchmark.payload(Integer.parseInt(size)).length();
		return (bytes < 10_000) ? String.format(Locale.ROOT, "%.1f KB payment.succeeded", bytes / 1000.0)
				: String.format(Locale.ROOT, "%d KB payment.succeeded", bytes / 1000);
	}

	private static void accept(StringBuilder table, AcceptOverhead.Result result, double target) {
		// accepts and bare calls are separate samples: their percentiles side by side, never a difference that
		// could read as a negative added time
		String percentiles = "p50 " + Stats.micros(result.accept().percentile(50)) + " vs "
				+ Stats.micros(result.baseline().percentile(50)) + ", p99 " + Stats.micros(result.accept().percentile(99))
				+ " vs " + Stats.micros(result.baseline().percentile(99));
		row(table, "accept overhead (" + result.store() + " store) vs bare Dodo calls; " + percentiles,
				Stats.micros(result.accept().mean()) + " mean", Stats.micros(result.baseline().mean()) + " mean",
				result.ratio(), "≤ " + target + "×", result.ratio() <= target);
	}

	private static void store(StringBuilder table, StoreContention.Result store) {
		row(table, String.format(Locale.ROOT, "store-bound contention: 2 instances × 8 threads accept %,d offers from "
				+ "both sides on PostgreSQL against an in-process Dodo that answers at once, vs the same threads racing a "
				+ "raw UPDATE … WHERE version = ? per offer on the same database (transitions that won vs claims); "
				+ "%.0f accepts/s; %d charges, %d duplicates",
				store.offers(), store.acceptsPerSecond(), store.charges(), store.duplicates()),
				String.format(Locale.ROOT, "%.0f transitions/s", store.transitionsPerSecond()),
				String.format(Locale.ROOT, "%.0f claims/s", store.baselinePerSecond()), store.ratio(),
				"≥ 0.5×, 0 duplicates",
				store.ratio() >= 0.5 && store.duplicates() == 0 && store.charges() == store.offers());
		row(table, String.format(Locale.ROOT, "round trips to the store per offer transition on the accept path "
				+ "(statements + commits, uncontended; %.1f per accept over %.1f transitions; a lost second click %.1f)",
				store.roundTripsPerAccept(), store.transitionsPerAccept(), store.roundTripsPerLostRace()),
				String.format(Locale.ROOT, "%.2f", store.roundTripsPerTransition()), "1 (one UPDATE)",
				store.roundTripsPerTransition(), "≤ 2", store.roundTripsPerTransition() <= 2);
	}

	/** A pool as Spring Boot would configure for the application (HikariCP, its defaults). */
	private static HikariDataSource pool(EmbeddedPostgres postgres) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		pool.setUsername("postgres");
		return pool;
	}

	private static DataSource schema(DataSource dataSource) {
		new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "upsell_", null, null).initializeDatabase();
		return dataSource;
	}

	private static double score(Collection<RunResult> results, String method, String size) {
		return results.stream()
			.filter((r) -> r.getParams().getBenchmark().endsWith("." + method))
			.filter((r) -> size == null || size.equals(r.getParams().getParam("size")))
			.findFirst()
			.orElseThrow()
			.getPrimaryResult()
			.getScore();
	}

	private static String ops(double perSecond) {
		return String.format(Locale.ROOT, "%,.0f ops/s", perSecond);
	}

	private static void row(StringBuilder table, String name, String measured, String baseline, double ratio,
			String target, boolean met) {
		table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s |%n", name, measured, baseline, ratio,
				target, met ? "yes" : "**no**"));
	}

}
