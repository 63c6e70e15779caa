package dev.upsell.retention;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.store.EmbeddedPostgresSupport;
import dev.upsell.store.JdbcRetentionFlowRepository;
import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/** Two application instances on one PostgreSQL: one flow per subscription, one execution per accepted offer. */
class RetentionAcrossInstancesTests {

	private static final RetentionOffer PAUSE = new RetentionOffer("pause-1", RetentionOffer.Kind.PAUSE, Set.of(), 1, 0,
			null);

	private DodoSimulator dodo;

	private RetentionService first;

	private RetentionService second;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		DataSource database = EmbeddedPostgresSupport.newDataSource();
		new UpsellSchemaInitializer(database, SchemaInitializationMode.ALWAYS, "upsell_", null, null).initializeDatabase();
		this.first = instance(database);
		this.second = instance(database);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	private RetentionService instance(DataSource database) {
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		return Upsell.builder(client)
			.retention(RetentionSettings.defaults().withOffers(List.of(PAUSE)))
			.retentionFlows(new JdbcRetentionFlowRepository(database, "upsell_"))
			.clock(this.dodo.clock())
			.build()
			.retention();
	}

	@Test
	void bothInstancesSeeOneFlowAndAnAcceptFromEachPausesOnce() throws Exception {
		RetentionFlow flow = this.first.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		assertThat(this.second.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION).id()).isEqualTo(flow.id());
		assertThat(this.second.giveReason(DemoData.ALICE, flow.id(), "unused", null).offer()).isEqualTo(PAUSE);
		CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> outcome(this.first, flow.id()));
		CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> outcome(this.second, flow.id()));
		assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder("SAVED", "ALREADY_DECIDED");
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}")).hasSize(1);
		assertThat(this.first.find(DemoData.ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);

		this.dodo.clock().advance(Duration.ofDays(32));
		assertThat(this.first.maintenance().run() + this.second.maintenance().run()).as("resumed by one instance")
			.isEqualTo(1);
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("active");
	}

	private static String outcome(RetentionService instance, String flowId) {
		try {
			return instance.accept(DemoData.ALICE, flowId).status().name();
		}
		catch (RetentionException ex) {
			return ex.reason().name();
		}
	}

}
