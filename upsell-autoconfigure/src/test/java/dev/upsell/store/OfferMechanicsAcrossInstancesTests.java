package dev.upsell.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.bump.OrderBump;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.Offer;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.retention.Concurrently;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.trigger.OfferTrigger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triggered offers and order bumps on two instances sharing one PostgreSQL: a moment fired on both shows one offer,
 * the cooldown after it is seen by the other instance, and a bump shown by one is checked out by the other into the
 * one checkout session, whichever instance a double click reaches.
 */
class OfferMechanicsAcrossInstancesTests {

	private static final OfferTrigger CREDITS_LOW = new OfferTrigger("templates-credits", "credits-low",
			OfferKind.CROSS_SELL, DemoData.TEMPLATES, 1, 0, Map.of(), List.of(), Duration.ofDays(1), 3,
			Duration.ofDays(30), null, ChargeMethod.ONE_TIME_PAYMENT);

	private static final OrderBump WORKBOOK = OrderBump.beside("workbook", DemoData.WORKBOOK, DemoData.COURSE);

	private static final List<CartItem> COURSE = List.of(CartItem.of(DemoData.COURSE, 1));

	private DodoSimulator dodo;

	private HikariDataSource pool;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder()
			.modes((modes) -> modes.rateLimit(0).latency(Duration.ZERO, Duration.ZERO).settlementDelay(Duration.ZERO))
			.start();
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(EmbeddedPostgresSupport.newDatabase());
		this.pool.setUsername("postgres");
		this.pool.setPassword("postgres");
		new UpsellSchemaInitializer(this.pool, SchemaInitializationMode.ALWAYS, "upsell_", null, null).initializeDatabase();
	}

	@AfterEach
	void stop() {
		this.pool.close();
		this.dodo.close();
	}

	private Upsell instance() {
		DataSource database = this.pool;
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		return Upsell.builder(client)
			.store(new JdbcOfferRepository(database, "upsell_"))
			.settledPayments(new JdbcSettledPayments(database, "upsell_", null))
			.experimentLedger(new JdbcExperimentLedger(database, "upsell_"))
			.triggers(List.of(CREDITS_LOW))
			.orderBumps(List.of(WORKBOOK))
			.clock(this.dodo.clock())
			.build();
	}

	@Test
	void aMomentFiredOnTwoInstancesShowsOneOfferAndTheCooldownHoldsOnBoth() throws Exception {
		Upsell first = instance();
		Upsell second = instance();
		java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
		List<List<Offer>> answers = Concurrently.run(6, () -> ((requests.incrementAndGet() % 2 == 0) ? first : second)
			.triggeredOffers()
			.fire(DemoData.ALICE, "credits-low", null, PurchaseContext.of(null)));
		String shown = answers.get(0).get(0).id();
		assertThat(answers).allSatisfy((offers) -> assertThat(offers).extracting(Offer::id).containsExactly(shown));
		second.offers().decline(DemoData.ALICE, shown);
		assertThat(first.triggeredOffers().fire(DemoData.ALICE, "credits-low", null, PurchaseContext.of(null)))
			.as("cooling down, seen from the other instance").isEmpty();
		this.dodo.clock().advance(Duration.ofDays(2));
		assertThat(first.triggeredOffers().fire(DemoData.ALICE, "credits-low", null, PurchaseContext.of(null)))
			.hasSize(1);
	}

	@Test
	void aBumpShownByOneInstanceIsCheckedOutOnceWhicheverInstanceTheClicksReach() throws Exception {
		Upsell first = instance();
		Upsell second = instance();
		Offer bump = first.orderBumps().offer(DemoData.BOB, COURSE, PurchaseContext.of(null)).get(0);
		assertThat(second.orderBumps().offer(DemoData.BOB, COURSE, PurchaseContext.of(null))).extracting(Offer::id)
			.containsExactly(bump.id());
		CheckoutSession made = second.orderBumps().checkout(DemoData.BOB, COURSE, List.of(bump.id()), Map.of());
		assertThat(first.orderBumps().checkout(DemoData.BOB, COURSE, List.of(bump.id()), Map.of()).sessionId())
			.isEqualTo(made.sessionId());
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
	}

}
