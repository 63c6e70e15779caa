package dev.upsell.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import dev.upsell.Upsell;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettings;
import dev.upsell.store.JdbcFulfilmentOutbox;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.JdbcSettledPayments;

/**
 * The store's share of an accept, without Dodo's latency: two instances (each its own pool and {@link Upsell}, as
 * two application instances on one PostgreSQL) × 8 threads accept every offer from both sides at once, against
 * {@link InstantDodo}. Compared in the same run with the least any store must do to pick one winner per offer: the
 * same threads racing a raw {@code UPDATE … SET version = version + 1 WHERE id = ? AND version = ?} per offer on
 * the same table. Counts the statements and commits each accept sends (round trips), and the duplicate charges.
 */
final class StoreContention {

	private static final BillingAddress ADDRESS = new BillingAddress("US", "Austin", "TX", "1 Main St", "78701");

	private static final int THREADS_PER_INSTANCE = 8;

	record Result(int offers, double seconds, double baselineSeconds, long charges, long duplicates,
			double roundTripsPerAccept, double transitionsPerAccept, double roundTripsPerLostRace) {

		double roundTripsPerTransition() {
			return this.roundTripsPerAccept / this.transitionsPerAccept;
		}

		double acceptsPerSecond() {
			return this.offers / this.seconds;
		}

		double baselinePerSecond() {
			return this.offers / this.baselineSeconds;
		}

		/** Offer transitions (compare-and-sets that won) per second: each is what one raw claim does. */
		double transitionsPerSecond() {
			return acceptsPerSecond() * this.transitionsPerAccept;
		}

		double ratio() {
			return transitionsPerSecond() / baselinePerSecond();
		}

	}

	private StoreContention() {
	}

	static Result run(DataSource first, DataSource second, int offers) throws Exception {
		InstantDodo dodo = new InstantDodo();
		RoundTrips trips = new RoundTrips();
		AtomicLong transitions = new AtomicLong();
		OfferService a = instance(trips.counting(first), dodo, transitions);
		OfferService b = instance(trips.counting(second), dodo, transitions);

		// uncontended: what one accept costs the store
		List<Offer> alone = present(a, "cus_alone_", 200);
		trips.reset();
		transitions.set(0);
		for (Offer offer : alone) {
			a.accept(offer.customerId(), offer.id());
		}
		double perAccept = trips.total() / (double) alone.size();
		double transitionsPerAccept = transitions.get() / (double) alone.size();
		// a lost race: the second click on an accepted offer
		trips.reset();
		for (Offer offer : alone) {
			try {
				b.accept(offer.customerId(), offer.id());
			}
			catch (OfferAlreadySettledException ex) {
				// expected: settled
			}
		}
		double perLostRace = trips.total() / (double) alone.size();

		List<Offer> presented = present(a, "cus_race_", offers);
		long t0 = System.nanoTime();
		race(presented, (offer) -> accept(a, offer), (offer) -> accept(b, offer));
		double seconds = (System.nanoTime() - t0) / 1e9;

		List<String> ids = rawRows(first, offers);
		long t1 = System.nanoTime();
		race(ids, (id) -> claim(first, id), (id) -> claim(second, id));
		double baselineSeconds = (System.nanoTime() - t1) / 1e9;

		return new Result(offers, seconds, baselineSeconds, dodo.charges() - alone.size(), dodo.duplicates(),
				perAccept, transitionsPerAccept, perLostRace);
	}

	private static OfferService instance(DataSource dataSource, InstantDodo dodo, AtomicLong transitions) {
		JdbcFulfilmentOutbox outbox = new JdbcFulfilmentOutbox(dataSource, "upsell_");
		return Upsell.builder(dodo)
			.store(new JdbcOfferRepository(dataSource, "upsell_"))
			.fulfilmentOutbox(outbox)
			.settledPayments(new JdbcSettledPayments(dataSource, "upsell_", outbox))
			.rules(List.of(new OfferRule("coaching", "prod_course", "prod_coaching", OfferKind.UPSELL, 1, null,
					ChargeMethod.ONE_TIME_PAYMENT)))
			.offerSettings(new OfferSettings(Duration.ofHours(1), Duration.ofDays(7), Duration.ofSeconds(30),
					Duration.ofHours(24), Duration.ofDays(7), true))
			.pricePreview(false)
			.events((event) -> {
				if (event instanceof OfferChanged) {
					transitions.incrementAndGet();
				}
			})
			.build()
			.offers();
	}

	private static List<Offer> present(OfferService offers, String prefix, int count) {
		List<Offer> presented = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			presented.add(offers.present(prefix + i, "prod_course", PurchaseContext.of(null).withBillingAddress(ADDRESS))
				.get(0));
		}
		return presented;
	}

	private static void accept(OfferService offers, Offer offer) {
		try {
			offers.accept(offer.customerId(), offer.id());
		}
		catch (OfferAlreadySettledException ex) {
			// the other instance won this one
		}
	}

	/** The baseline's table: one row per offer, each claimed once by whichever instance gets there first. */
	private static List<String> rawRows(DataSource dataSource, int count) throws Exception {
		List<String> ids = new ArrayList<>(count);
		try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
			ddl.execute("DROP TABLE IF EXISTS contention_baseline");
			ddl.execute("CREATE TABLE contention_baseline (id VARCHAR(64) PRIMARY KEY, status VARCHAR(16) NOT NULL,"
					+ " version BIGINT NOT NULL)");
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO contention_baseline (id, status, version) VALUES (?, 'PRESENTED', 0)")) {
				for (int i = 0; i < count; i++) {
					String id = "raw_" + i;
					insert.setString(1, id);
					insert.addBatch();
					ids.add(id);
				}
				insert.executeBatch();
			}
		}
		return ids;
	}

	private static void claim(DataSource dataSource, String id) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement update = connection.prepareStatement("UPDATE contention_baseline SET status = "
						+ "'ACCEPTED', version = version + 1 WHERE id = ? AND status = 'PRESENTED' AND version = ?")) {
			update.setString(1, id);
			update.setLong(2, 0);
			update.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Both instances work through every item at once, 8 threads each. */
	private static <T> void race(List<T> items, java.util.function.Consumer<T> first,
			java.util.function.Consumer<T> second) throws InterruptedException {
		ConcurrentLinkedQueue<T> forFirst = new ConcurrentLinkedQueue<>(items);
		ConcurrentLinkedQueue<T> forSecond = new ConcurrentLinkedQueue<>(items);
		ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
			pool.submit(() -> drain(start, forFirst, first));
			pool.submit(() -> drain(start, forSecond, second));
		}
		start.countDown();
		pool.shutdown();
		if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
			throw new IllegalStateException("the race did not finish");
		}
	}

	private static <T> Void drain(CountDownLatch start, ConcurrentLinkedQueue<T> queue,
			java.util.function.Consumer<T> work) throws InterruptedException {
		start.await();
		for (T item = queue.poll(); item != null; item = queue.poll()) {
			work.accept(item);
		}
		return null;
	}

	/** Counts what reaches the database: each statement executed and each commit is a round trip. */
	static final class RoundTrips {

		private final AtomicLong count = new AtomicLong();

		void reset() {
			this.count.set(0);
		}

		long total() {
			return this.count.get();
		}

		DataSource counting(DataSource target) {
			return proxy(DataSource.class, target, (result) -> (result instanceof Connection connection)
					? proxy(Connection.class, connection, this::statement, false) : result, false);
		}

		private static final boolean TRACE = Boolean.getBoolean("upsell.trace.sql");

		private Object statement(Object result) {
			if (result instanceof PreparedStatement statement) {
				return proxy(PreparedStatement.class, statement, (r) -> r, true);
			}
			if (result instanceof Statement statement) {
				return proxy(Statement.class, statement, (r) -> r, true);
			}
			return result;
		}

		private <T> T proxy(Class<T> type, T target, java.util.function.UnaryOperator<Object> wrap, boolean counts) {
			InvocationHandler handler = (proxy, method, args) -> {
				String name = method.getName();
				if ((counts && name.startsWith("execute")) || name.equals("commit") || name.equals("rollback")) {
					this.count.incrementAndGet();
				}
				if (TRACE && (name.startsWith("prepare") || name.equals("commit") || name.equals("setAutoCommit"))) {
					System.out.println("SQL " + name + " " + ((args != null && args.length > 0) ? args[0] : ""));
				}
				try {
					return wrap.apply(method.invoke(target, args));
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			};
			return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
		}

	}

}
