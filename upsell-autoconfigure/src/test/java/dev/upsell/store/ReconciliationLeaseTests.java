package dev.upsell.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
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
 * Two instances on one PostgreSQL reconcile at the same moment: each stale offer is looked up at Dodo by one
 * of them, not by both, and every offer is still settled.
 */
class ReconciliationLeaseTests {

	private static final int OFFERS = 12;

	private final DodoSimulator dodo = DodoSimulator.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	@Test
	void twoInstancesReconcilingAtOnceAskDodoOncePerOffer() {
		DataSource dataSource = EmbeddedPostgresSupport.newDataSource();
		new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "upsell_", null, null)
			.initializeDatabase();
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		List<OfferRule> rules = List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL,
				1, null, ChargeMethod.ONE_TIME_PAYMENT));
		TestOffers first = TestOffers.with(new JdbcOfferRepository(dataSource, "upsell_"), client, this.clock)
			.rules(rules)
			.build();
		TestOffers second = TestOffers.with(new JdbcOfferRepository(dataSource, "upsell_"), client, this.clock)
			.rules(rules)
			.build();
		List<Offer> offers = new ArrayList<>();
		for (int i = 0; i < OFFERS; i++) {
			String customer = "cus_lease_" + i;
			this.dodo.customer(customer, customer + "@example.com", "Lease", SimCard.working("pm_" + customer));
			offers.add(first.service().present(customer, DemoData.COURSE, TestPurchases.of("order_" + i)).get(0));
		}
		// every charge is lost before Dodo processes it: outcome unknown, no payment id to read
		this.dodo.faults().failNext("POST /payments", 503, OFFERS);
		offers.forEach((offer) -> first.service().accept(offer.customerId(), offer.id()));
		int listsBefore = this.dodo.requests("GET /payments").size();

		this.clock.advance(Duration.ofMinutes(3));
		OfferReconciler a = first.reconciler(client, this.clock, Duration.ofMinutes(2), Duration.ofHours(1));
		OfferReconciler b = second.reconciler(client, this.clock, Duration.ofMinutes(2), Duration.ofHours(1));
		CompletableFuture.allOf(CompletableFuture.runAsync(() -> a.reconcile(100)),
				CompletableFuture.runAsync(() -> b.reconcile(100))).join();
		assertThat(this.dodo.requests("GET /payments").size() - listsBefore)
			.as("one lookup per offer, whichever instance made it")
			.isEqualTo(OFFERS);

		this.clock.advance(Duration.ofHours(2));
		a.reconcile(100);
		assertThat(offers).allSatisfy((offer) -> assertThat(first.service()
			.find(offer.customerId(), offer.id())
			.orElseThrow()
			.status()).isEqualTo(OfferStatus.FAILED));
	}

}
