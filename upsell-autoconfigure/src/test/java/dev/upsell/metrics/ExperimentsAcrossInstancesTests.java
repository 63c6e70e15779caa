package dev.upsell.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.TestPurchases;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.store.EmbeddedPostgresSupport;
import dev.upsell.store.JdbcExperimentLedger;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.JdbcSettledPayments;
import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a shop on one PostgreSQL, customers landing on either: the experiment readout is the same from
 * both, and from a third started afterwards (a restart), because it is read from the store, not from meters.
 */
class ExperimentsAcrossInstancesTests {

	private static final Experiment EXPERIMENT = new Experiment("coaching-copy", 0.2,
			List.of(new Variant("control", 1, null, null, null), new Variant("warm", 1, null, null, "Two calls")));

	private static final Funnel FUNNEL = new Funnel("course", DemoData.COURSE,
			List.of(new FunnelStep("coaching", DemoData.COACHING, OfferKind.UPSELL, 1, ChargeMethod.ONE_TIME_PAYMENT,
					null, null, StepConditions.NONE, EXPERIMENT)),
			3, 5);

	private static final int CUSTOMERS = 200;

	private DodoSimulator dodo;

	private DataSource database;

	private com.zaxxer.hikari.HikariDataSource pool;

	@BeforeEach
	void start() {
		// the store is under test, not Dodo's timing: no latency, payments settled at once
		this.dodo = DodoSimulator.builder()
			.modes((modes) -> modes.rateLimit(0).latency(Duration.ZERO, Duration.ZERO).settlementDelay(Duration.ZERO))
			.start();
		// pooled, as a shop's would be: a connection per statement would time the database's handshakes
		com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
		pool.setJdbcUrl(EmbeddedPostgresSupport.newDatabase());
		pool.setUsername("postgres");
		pool.setPassword("postgres");
		this.pool = pool;
		this.database = pool;
		new UpsellSchemaInitializer(this.database, SchemaInitializationMode.ALWAYS, "upsell_", null, null)
			.initializeDatabase();
	}

	@AfterEach
	void stop() {
		this.pool.close();
		this.dodo.close();
	}

	private Upsell instance() {
		return instance(FUNNEL);
	}

	private Upsell instance(Funnel funnel) {
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		return Upsell.builder(client)
			.store(new JdbcOfferRepository(this.database, "upsell_"))
			.settledPayments(new JdbcSettledPayments(this.database, "upsell_", null))
			.experimentLedger(new JdbcExperimentLedger(this.database, "upsell_"))
			.funnels(List.of(funnel))
			.clock(this.dodo.clock())
			.build();
	}

	@Test
	void anAdaptiveExperimentKeepsEachCustomerInTheVariantTheStoreRecordedOnEveryInstance() {
		Experiment bandit = new Experiment("coaching-bandit", 0, EXPERIMENT.variants(), true, 0.05);
		Funnel funnel = new Funnel("course", DemoData.COURSE, List.of(new FunnelStep("coaching", DemoData.COACHING,
				OfferKind.UPSELL, 1, ChargeMethod.ONE_TIME_PAYMENT, null, null, StepConditions.NONE, bandit)), 3, 5);
		Upsell first = instance(funnel);
		Upsell second = instance(funnel);
		for (int i = 0; i < 20; i++) {
			String customerId = "cus_bandit_" + i;
			this.dodo.customer(customerId, customerId + "@example.com", "Customer " + i, SimCard.working("pm_b_" + i));
			Offer before = first.offers().present(customerId, DemoData.COURSE, TestPurchases.of("order_a" + i)).get(0);
			assertThat(second.experiments().recorded("coaching-bandit", customerId)).as(customerId + " on the other instance")
				.isEqualTo(before.variant());
			String other = before.variant().equals("control") ? "warm" : "control";
			assertThat(second.experiments().assign("coaching-bandit", customerId, other, this.dodo.clock().instant()))
				.as("the first arm stays").isEqualTo(before.variant());
		}
		ExperimentReadout.Readout readout = new ExperimentReadout(first.experiments(),
				new ConfiguredFunnels(new ConfiguredOfferRules(List.of()), List.of(funnel)))
			.all()
			.get("coaching-bandit");
		assertThat(readout.adaptive()).isTrue();
		assertThat(readout.variants().stream().mapToLong(ExperimentReadout.VariantReadout::customers).sum()).isEqualTo(20);
	}

	@Test
	void bothInstancesAndARestartedOneReadTheSameResultsFromTheStore() {
		Upsell first = instance();
		Upsell second = instance();
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		Random random = new Random(42);
		int shown = 0;
		long paid = 0;
		java.util.Set<String> payers = new java.util.HashSet<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			Upsell shop = (i % 2 == 0) ? first : second;
			String customerId = "cus_two_" + i;
			this.dodo.customer(customerId, customerId + "@example.com", "Customer " + i, SimCard.working("pm_two_" + i));
			List<Offer> offers = shop.offers().present(customerId, DemoData.COURSE, TestPurchases.of("order_" + i));
			if (offers.isEmpty()) {
				continue;
			}
			shown++;
			Offer offer = offers.get(0);
			// the customer comes back on the other instance to answer
			Upsell other = (shop == first) ? second : first;
			if (random.nextDouble() < 0.3) {
				AcceptResult result = other.offers().accept(customerId, offer.id());
				other.settlement().paymentSucceeded(offer.id(), client.getPayment(result.paymentId()));
				paid++;
				payers.add(customerId);
			}
			else {
				other.offers().decline(customerId, offer.id());
			}
		}
		// every third payer cancels a subscription within the month: Dodo's webhook on one instance, its replay on the other
		int cancelled = 0;
		for (String payer : payers.stream().sorted().toList()) {
			if (cancelled++ % 3 == 0) {
				first.experiments().subscriptionCancelled("sub_" + payer, payer, this.dodo.clock().instant());
				second.experiments().subscriptionCancelled("sub_" + payer, payer, this.dodo.clock().instant());
			}
		}
		Map<String, ExperimentReadout.Readout> fromFirst = readout(first);
		Map<String, ExperimentReadout.Readout> fromSecond = readout(second);
		Map<String, ExperimentReadout.Readout> afterRestart = readout(instance());
		ExperimentReadout.Readout readout = fromFirst.get("coaching-copy");
		assertThat(fromSecond).usingRecursiveComparison().isEqualTo(fromFirst);
		assertThat(afterRestart).usingRecursiveComparison().isEqualTo(fromFirst);
		long assigned = readout.heldOut() + readout.variants().stream().mapToLong(ExperimentReadout.VariantReadout::customers).sum();
		assertThat(assigned).as("every customer assigned once, whichever instance").isEqualTo(CUSTOMERS);
		assertThat(readout.variants().stream().mapToLong(ExperimentReadout.VariantReadout::exposures).sum())
			.isEqualTo(shown);
		assertThat(readout.variants().stream().mapToLong(ExperimentReadout.VariantReadout::conversions).sum())
			.isEqualTo(paid);
		assertThat(readout.variants().stream().mapToLong(ExperimentReadout.VariantReadout::accepts).sum())
			.as("every yes was paid; the noes were declines").isEqualTo(paid);
		assertThat(readout.heldOut()).isEqualTo(CUSTOMERS - shown);
		double cancellations = readout.variants().stream().mapToDouble((v) -> v.cancellationRate() * v.conversions()).sum();
		assertThat(Math.round(cancellations)).as("each payer's cancellation counted once").isEqualTo((payers.size() + 2) / 3);
		assertThat(readout.sampleRatio().verdict()).isEqualTo("ok");
		assertThat(readout.incremental().revenuePerTreated()).isEqualTo(paid * 9900.0 / shown);
		assertThat(readout.incremental().revenuePerHeldOut()).isZero();
	}

	private Map<String, ExperimentReadout.Readout> readout(Upsell instance) {
		return new ExperimentReadout(instance.experiments(),
				new ConfiguredFunnels(new ConfiguredOfferRules(List.of()), List.of(FUNNEL)))
			.all();
	}

}
