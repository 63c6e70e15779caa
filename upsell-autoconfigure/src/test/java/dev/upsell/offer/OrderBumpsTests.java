package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.Upsell;
import dev.upsell.bump.OrderBump;
import dev.upsell.bump.OrderBumps;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;
import dev.upsell.metrics.ExperimentReadout;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order bumps through the Java API: split-tested like funnel steps (a holdout shown nothing, each customer's arm
 * sticky and recorded in the ledger), and a paid checkout counted for the bump's arm in the store's results.
 */
class OrderBumpsTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final List<CartItem> COURSE = List.of(CartItem.of(DemoData.COURSE, 1));

	private final DodoSimulator dodo = simulator.simulator();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	private final InMemoryOfferRepository repository = new InMemoryOfferRepository();

	private final Experiment experiment = new Experiment("bump-copy", 0.2,
			List.of(new Variant("control", 1, null, null, null), new Variant("urgent", 1, null, null, "Only today")));

	private final Upsell upsell = Upsell.builder(this.client)
		.store(this.repository)
		.orderBumps(List.of(new OrderBump("workbook", DemoData.WORKBOOK, 1, List.of(DemoData.COURSE),
				StepConditions.NONE, "Add the workbook", null, this.experiment)))
		.clock(new MutableClock(Instant.now()))
		.build();

	private final OrderBumps bumps = this.upsell.orderBumps();

	@Test
	void aSplitBumpHoldsSomeOutKeepsEachCustomersArmAndCountsThePaidCheckoutForIt() throws Exception {
		List<String> customers = IntStream.range(0, 40).mapToObj((i) -> "cus_bump_" + i).toList();
		customers.forEach((customer) -> this.dodo.customer(customer, customer + "@example.com", customer,
				SimCard.working("pm_" + customer)));
		int shown = 0;
		for (String customer : customers) {
			List<Offer> first = this.bumps.offer(customer, COURSE, PurchaseContext.of(null));
			assertThat(this.bumps.offer(customer, COURSE, PurchaseContext.of(null))).isEqualTo(first);
			if (!first.isEmpty()) {
				shown++;
				Offer bump = first.get(0);
				assertThat(bump.variant()).isIn("control", "urgent");
				assertThat(bump.details().displayText()).isEqualTo(
						"urgent".equals(bump.variant()) ? "Only today" : "Add the workbook");
			}
		}
		assertThat(shown).as("a fifth held out, give or take").isBetween(20, 39);

		Offer paid = this.repository.findByCustomer(customers.stream()
			.filter((customer) -> !this.repository.findByCustomer(customer).isEmpty())
			.findFirst()
			.orElseThrow()).get(0);
		CheckoutSession session = this.bumps.checkout(paid.customerId(), COURSE, List.of(paid.id()), Map.of());
		this.dodo.completeCheckout(session.sessionId());
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		this.dodo.payments().stream().filter((payment) -> paid.customerId().equals(payment.customerId()))
			.findFirst()
			.ifPresent((payment) -> this.upsell.settlement().paymentSucceeded(paid.id(),
					this.client.getPayment(payment.paymentId())));

		assertThat(this.repository.findById(paid.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		List<ExperimentLedger.ArmResult> results = this.upsell.experiments().results("bump-copy", Instant.EPOCH);
		assertThat(results.stream().mapToLong(ExperimentLedger.ArmResult::customers).sum()).isEqualTo(40);
		assertThat(results).filteredOn((arm) -> arm.variant().equals(paid.variant())).singleElement()
			.satisfies((arm) -> {
				assertThat(arm.conversions()).isEqualTo(1);
				assertThat(arm.netRevenue()).isEqualTo(1900);
			});
		// the readout the actuator endpoint and the dashboard's gauges read: the bump's experiment beside the funnels'
		ExperimentReadout.Readout readout = new ExperimentReadout(this.upsell.experiments(),
				new dev.upsell.funnel.ConfiguredFunnels(new dev.upsell.catalog.ConfiguredOfferRules(List.of()), List.of()),
				List.of(new ExperimentReadout.Placement("workbook", "workbook", this.experiment)))
			.all()
			.get("bump-copy");
		assertThat(readout.funnel()).isEqualTo("workbook");
		assertThat(readout.variants()).extracting(ExperimentReadout.VariantReadout::customers).asInstanceOf(
				org.assertj.core.api.InstanceOfAssertFactories.list(Long.class)).hasSize(2);
	}

}
