package dev.upsell.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DodoClient;
import dev.upsell.metrics.internal.RetentionReadout;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The retention experiment: a holdout shown no offer, offers split among customers, each customer in one arm for
 * good, and a readout from the store that puts the holdout's churn beside what the offers kept.
 */
class RetentionExperimentTests {

	private static final RetentionOffer EXTEND = new RetentionOffer("free-month", RetentionOffer.Kind.EXTEND,
			Set.of("too_expensive"), 0, 30, "A month on us");

	private static final RetentionOffer PAUSE = new RetentionOffer("pause-1", RetentionOffer.Kind.PAUSE,
			Set.of("too_expensive"), 1, 0, "A month off");

	private static final int CUSTOMERS = 200;

	private DodoSimulator dodo;

	private DodoClient client;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		this.client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));
		for (int i = 0; i < CUSTOMERS; i++) {
			this.dodo.customer("cus_x" + i, "x" + i + "@example.com", "X", SimCard.working("pm_x" + i));
			this.dodo.subscription("sub_x" + i, "cus_x" + i, DemoData.BASIC);
		}
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	private RetentionService retention(double holdout, boolean split, RetentionOffer... offers) {
		return Upsell.builder(this.client)
			.retention(RetentionSettings.defaults().withOffers(List.of(offers)).withExperiment(holdout, split))
			.clock(this.dodo.clock())
			.build()
			.retention();
	}

	@Test
	void aHoldoutSeesNoOfferInItsConfiguredShareAndACustomerStaysInTheirArm() {
		RetentionService retention = retention(0.3, false, EXTEND);
		Map<String, String> arms = new HashMap<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			RetentionFlow flow = retention.start("cus_x" + i, "sub_x" + i);
			RetentionStep step = retention.giveReason("cus_x" + i, flow.id(), "too_expensive", null);
			arms.put("cus_x" + i, step.flow().variant());
			assertThat(step.offer() == null).as("held out: no offer").isEqualTo(RetentionFlow.HOLDOUT.equals(step.flow().variant()));
			retention.cancel("cus_x" + i, flow.id());
		}
		long heldOut = arms.values().stream().filter(RetentionFlow.HOLDOUT::equals).count();
		assertThat((double) heldOut / CUSTOMERS).as("held out of " + CUSTOMERS).isCloseTo(0.3, within(0.08));
		// the second time, on a fresh service (another instance): the same arm
		RetentionService again = retention(0.3, false, EXTEND);
		for (int i = 0; i < 20; i++) {
			this.client.updateSubscription("sub_x" + i, dev.upsell.dodo.SubscriptionUpdate.keep());
			RetentionFlow flow = again.start("cus_x" + i, "sub_x" + i);
			assertThat(again.giveReason("cus_x" + i, flow.id(), "too_expensive", null).flow().variant())
				.isEqualTo(arms.get("cus_x" + i));
		}
	}

	@Test
	void splitOffersShowEachCustomerOneOfThemEvenlyAndTheArmIsTheOffer() {
		RetentionService retention = retention(0, true, EXTEND, PAUSE);
		List<String> shown = new ArrayList<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			RetentionFlow flow = retention.start("cus_x" + i, "sub_x" + i);
			RetentionStep step = retention.giveReason("cus_x" + i, flow.id(), "too_expensive", null);
			assertThat(step.flow().variant()).isEqualTo(step.offer().id());
			shown.add(step.offer().id());
		}
		long extends_ = shown.stream().filter("free-month"::equals).count();
		assertThat((double) extends_ / CUSTOMERS).isCloseTo(0.5, within(0.1));
	}

	@Test
	void theReadoutPutsTheHoldoutsChurnBesideWhatTheOffersKeptFromTheStore() {
		RetentionService retention = retention(0.3, false, EXTEND);
		int heldOut = 0;
		int treated = 0;
		for (int i = 0; i < 60; i++) {
			String customer = "cus_x" + i;
			RetentionFlow flow = retention.start(customer, "sub_x" + i);
			RetentionStep step = retention.giveReason(customer, flow.id(), "too_expensive", null);
			if (step.offer() != null) {
				treated++;
				retention.accept(customer, flow.id());
			}
			else {
				heldOut++;
				retention.cancel(customer, flow.id());
			}
		}
		this.dodo.clock().advance(Duration.ofDays(31));
		while (retention.maintenance().run() > 0) {
			// measure every flow, a batch at a time
		}
		RetentionReadout.Readout readout = new RetentionReadout(retention).read();
		RetentionReadout.ArmReadout holdout = readout.arms().stream().filter(RetentionReadout.ArmReadout::holdout)
			.findFirst().orElseThrow();
		RetentionReadout.ArmReadout offered = readout.arms().stream().filter((arm) -> arm.arm().equals("free-month"))
			.findFirst().orElseThrow();
		assertThat(holdout.flows()).isEqualTo(heldOut);
		assertThat(holdout.measured()).isEqualTo(heldOut);
		assertThat(holdout.keptRate()).as("the held out cancelled: all gone").isZero();
		assertThat(offered.flows()).isEqualTo(treated);
		assertThat(offered.saves()).isEqualTo(treated);
		assertThat(offered.keptRate()).as("the saved are still there").isEqualTo(1.0);
		assertThat(offered.probabilityAboveHoldout()).isGreaterThan(0.99);
		assertThat(readout.treatedVsHoldout().lift()).isEqualTo(1.0);
		assertThat(readout.holdoutShare()).isEqualTo(0.3);
	}

}
