package dev.upsell.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettings;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OfferStoreException;
import dev.upsell.offer.TestOffers;
import dev.upsell.offer.TestPurchases;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.RecordedRequest;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The database goes away mid-run and comes back: errors are reported, no offer is lost, nothing is charged twice. */
class ConnectionLossTests {

	private final DodoSimulator dodo = DodoSimulator.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	private Path dataDirectory;

	private int port;

	private EmbeddedPostgres postgres;

	private JdbcOfferRepository repository;

	private TestOffers parts;

	private OfferService offers;

	private DodoClient client;

	@BeforeEach
	void start() throws IOException {
		this.dataDirectory = Files.createTempDirectory("upsell-pg");
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		startDatabase();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl("jdbc:postgresql://localhost:" + this.port + "/postgres");
		dataSource.setUser("postgres");
		dataSource.setConnectTimeout(2);
		new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "upsell_", null, null).initializeDatabase();
		this.repository = new JdbcOfferRepository(dataSource, "upsell_");
		this.client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		this.parts = TestOffers.with(this.repository, this.client, this.clock)
			.rules(List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL, 1, null,
					ChargeMethod.CHECKOUT_SESSION)))
			.returnUrl(null)
			.settings(new OfferSettings(Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofSeconds(5),
					Duration.ofHours(24), Duration.ofDays(7)))
			.build();
		this.offers = this.parts.service();
	}

	private void startDatabase() throws IOException {
		this.postgres = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.postgres.close();
		this.dodo.close();
	}

	@Test
	void whileTheDatabaseIsDownCallsFailClearlyAndAfterItIsBackNothingIsLostOrChargedTwice() throws Exception {
		List<Offer> presented = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String customer = "cus_loss_" + i;
			this.dodo.customer(customer, customer + "@example.com", "C", SimCard.working("pm_loss_" + i));
			presented.add(this.offers.present(customer, DemoData.COURSE, TestPurchases.of(null)).get(0));
		}
		for (Offer offer : presented.subList(0, 3)) {
			this.offers.accept(offer.customerId(), offer.id());
		}

		this.postgres.close();
		Offer next = presented.get(3);
		assertThatExceptionOfType(OfferStoreException.class)
			.isThrownBy(() -> this.offers.accept(next.customerId(), next.id()))
			.withMessageStartingWith("Offer store failed to read offer " + next.id());
		assertThatExceptionOfType(OfferStoreException.class)
			.isThrownBy(() -> this.offers.present("cus_loss_0", DemoData.COURSE, TestPurchases.of(null)));
		assertThat(this.dodo.charges()).hasSize(3);

		startDatabase();
		assertThat(this.repository.findByStatus(OfferStatus.CONVERTED, Instant.now().plusSeconds(60), 100)).hasSize(3);
		for (Offer offer : presented.subList(3, 6)) {
			assertThat(this.offers.accept(offer.customerId(), offer.id()).outcome())
				.isEqualTo(AcceptResult.Outcome.CHARGED);
		}
		assertThat(this.dodo.charges()).hasSize(6);
		assertThat(this.dodo.charges().stream().map((c) -> c.metadata().get("offer_id")).distinct()).hasSize(6);
	}

	@Test
	void aDatabaseLostWhileTheChargeIsInFlightLeavesTheOfferAcceptedAndReconciliationSettlesItOnce() throws Exception {
		this.dodo.customer("cus_mid", "mid@example.com", "M", SimCard.working("pm_mid"));
		Offer offer = this.offers.present("cus_mid", DemoData.COURSE, TestPurchases.of(null)).get(0);
		this.dodo.faults().delayNext("POST /checkouts", Duration.ofMillis(1500), 1);
		CompletableFuture<AcceptResult> accepting = CompletableFuture.supplyAsync(() -> this.offers.accept("cus_mid", offer.id()));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.dodo.requests("POST /checkouts").isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		this.postgres.close();
		assertThat(accepting).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(OfferStoreException.class);
		assertThat(this.dodo.charges()).hasSize(1);

		startDatabase();
		Offer stored = this.repository.findById(offer.id()).orElseThrow();
		assertThat(stored.status()).isEqualTo(OfferStatus.ACCEPTED);
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> this.offers.accept("cus_mid", offer.id()));
		assertThat(this.dodo.requests("POST /checkouts")).extracting(RecordedRequest::operation).hasSize(1);

		this.clock.advance(Duration.ofMinutes(3));
		OfferReconciler reconciler = this.parts.reconciler(this.client, this.clock, Duration.ofMinutes(2),
				Duration.ofHours(24));
		assertThat(reconciler.reconcile(10)).isEqualTo(1);
		Offer settled = this.repository.findById(offer.id()).orElseThrow();
		assertThat(settled.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(settled.paymentId()).isEqualTo(this.dodo.charges().get(0).paymentId());
		assertThat(this.dodo.charges()).hasSize(1);
	}

}
