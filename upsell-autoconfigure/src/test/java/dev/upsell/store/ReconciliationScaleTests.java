package dev.upsell.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestOffers;
import dev.upsell.offer.TestPurchases;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation on PostgreSQL with many accepted offers whose outcome is unknown: each is looked at with
 * backoff, a run spends at most its budget of Dodo calls, Dodo's 429 pauses it, and a fresh offer is never stuck
 * behind stale ones.
 */
class ReconciliationScaleTests {

	private static final int STALE = 600;

	private final DodoSimulator dodo = DodoSimulator.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	private JdbcOfferRepository repository;

	private TestOffers offers;

	private DodoClient client;

	@BeforeEach
	void store() {
		DataSource dataSource = EmbeddedPostgresSupport.newDataSource();
		new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "upsell_", null, null)
			.initializeDatabase();
		this.repository = new JdbcOfferRepository(dataSource, "upsell_");
		this.client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		this.offers = TestOffers.with(this.repository, this.client, this.clock)
			.rules(List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL, 1, null,
					ChargeMethod.ONE_TIME_PAYMENT)))
			.build();
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	private OfferReconciler reconciler(int callsPerRun) {
		return this.offers.reconciler(this.client, this.clock, new OfferReconciler.Timings(Duration.ofMinutes(2),
				Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), callsPerRun));
	}

	/** Accepted offers whose charge answer was lost hours ago; Dodo has no payment for them. */
	private void staleOffers(int count, Duration age) {
		Instant then = this.clock.instant().minus(age);
		for (int i = 0; i < count; i++) {
			this.repository.insert(new Offer("off_stale_" + i, "cus_stale_" + i, "coaching", OfferKind.UPSELL,
					DemoData.COACHING, 1, new Money(9900, "USD"), OfferStatus.ACCEPTED, AcceptedStep.OUTCOME_UNKNOWN, 0,
					then, then.plus(Duration.ofMinutes(30)), then, DemoData.COURSE, "order_" + i, null, null, null, null,
					null, 0, 0, Map.of()));
		}
	}

	/** An offer charged at Dodo whose answer was lost just now. */
	private Offer freshUnknownOutcome() {
		this.dodo.customer("cus_fresh", "fresh@example.com", "Fresh", SimCard.working("pm_fresh"));
		Offer offer = this.offers.service().present("cus_fresh", DemoData.COURSE, TestPurchases.of("order_fresh")).get(0);
		this.dodo.faults().loseAnswerNext("POST /payments", 1);
		this.offers.service().accept("cus_fresh", offer.id());
		assertThat(status(offer)).isEqualTo(OfferStatus.ACCEPTED);
		return offer;
	}

	private OfferStatus status(Offer offer) {
		return this.repository.findById(offer.id()).orElseThrow().status();
	}

	private int dodoReads() {
		return (int) this.dodo.requests().stream().filter((request) -> request.operation().startsWith("GET")).count();
	}

	@Test
	void aFreshUnknownOutcomeOfferBehindHundredsOfStaleOnesSettlesInItsFirstRun() {
		staleOffers(STALE, Duration.ofHours(3));
		OfferReconciler reconciler = reconciler(50);
		// the stale ones are looked at first (they were never looked at), within the budget of each run
		reconciler.reconcile(500);
		Offer fresh = freshUnknownOutcome();
		this.clock.advance(Duration.ofMinutes(3));
		reconciler.reconcile(500);
		assertThat(status(fresh)).isEqualTo(OfferStatus.CONVERTED);
	}

	@Test
	void aRunSpendsAtMostItsBudgetAndStaleOffersAreLookedAtWithBackoff() {
		staleOffers(200, Duration.ofHours(3));
		OfferReconciler reconciler = reconciler(50);
		int before = dodoReads();
		int runs = 0;
		// three hours of one run a minute
		for (int minute = 0; minute < 180; minute++) {
			int reads = dodoReads();
			reconciler.reconcile(500);
			assertThat(dodoReads() - reads).as("one run's Dodo calls").isLessThanOrEqualTo(50 + 5);
			this.clock.advance(Duration.ofMinutes(1));
			runs++;
		}
		double perOfferPerHour = (double) (dodoReads() - before) / 200 / (runs / 60.0);
		// before: the 500 oldest looked up every minute (60 an hour each), the rest never
		assertThat(perOfferPerHour).isLessThan(2.5);
		// and every stale offer was looked at: none starved
		assertThat(this.dodo.requests("GET /payments").stream().map((request) -> request.query()).distinct().count())
			.isGreaterThanOrEqualTo(200);
	}

	@Test
	void dodosRateLimitPausesReconciliationForItsRetryAfter() {
		staleOffers(20, Duration.ofHours(3));
		OfferReconciler reconciler = reconciler(100);
		this.dodo.faults().failNext("GET /payments", 429, 3);
		int reads = dodoReads();
		reconciler.reconcile(100);
		int spent = dodoReads() - reads;
		assertThat(spent).as("the run stops at the first 429 (its own retries included)").isLessThanOrEqualTo(3);
		// still paused: nothing is asked of Dodo
		reconciler.reconcile(100);
		assertThat(dodoReads() - reads).isEqualTo(spent);
		// after Retry-After, every offer handed back is looked at
		this.clock.advance(Duration.ofSeconds(2));
		reconciler.reconcile(100);
		assertThat(dodoReads() - reads - spent).isGreaterThanOrEqualTo(19);
	}

}
