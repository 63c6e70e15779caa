package dev.upsell.retention;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A downgrade flow: the customer asks for a cheaper plan, gives a reason, may see a reason to keep theirs, or goes
 * ahead in one click (the cheaper plan from the next billing date, charged nothing now, never scheduled twice).
 */
class RetentionDowngradeFlowTests {

	private static final RetentionOffer EXTEND = new RetentionOffer("free-month", RetentionOffer.Kind.EXTEND,
			Set.of("too_expensive"), 0, 30, "A month on us");

	private static final RetentionOffer BASIC_PLAN = new RetentionOffer("basic-plan", RetentionOffer.Kind.DOWNGRADE,
			Set.of(), 0, 0, DemoData.BASIC, "Basic for less");

	private DodoSimulator dodo;

	private RetentionService retention;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		this.retention = Upsell.builder(client)
			.retention(RetentionSettings.defaults().withOffers(List.of(BASIC_PLAN, EXTEND)))
			.clock(this.dodo.clock())
			.build()
			.retention();
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	@Test
	void aCustomerAskingForACheaperPlanSeesAReasonToKeepTheirsOrGoesAheadInOneClickChargedNothingNow() {
		RetentionFlow flow = this.retention.startDowngrade(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC);
		assertThat(flow.isDowngrade()).isTrue();
		RetentionStep step = this.retention.giveReason(DemoData.BOB, flow.id(), "too_expensive", null);
		assertThat(step.offer()).as("not another downgrade: a reason to keep Pro").isEqualTo(EXTEND);
		RetentionFlow downgraded = this.retention.downgrade(DemoData.BOB, flow.id());
		assertThat(downgraded.status()).isEqualTo(RetentionFlow.Status.DOWNGRADED);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.payments()).as("nothing charged now").isEmpty();
		assertThat(this.retention.downgrade(DemoData.BOB, flow.id()).status()).as("a second click")
			.isEqualTo(RetentionFlow.Status.DOWNGRADED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.BASIC);
	}

	@Test
	void aDowngradeWhoseAnswerWasLostIsMadeOnceWhenTheCustomerClicksAgain() {
		RetentionFlow flow = this.retention.startDowngrade(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC);
		this.retention.giveReason(DemoData.BOB, flow.id(), "unused", null);
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.retention.downgrade(DemoData.BOB, flow.id()));
		assertThat(this.retention.find(DemoData.BOB, flow.id()).status()).as("nothing recorded")
			.isEqualTo(RetentionFlow.Status.REASON_GIVEN);
		assertThat(this.retention.downgrade(DemoData.BOB, flow.id()).status()).isEqualTo(RetentionFlow.Status.DOWNGRADED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).as("Dodo made it the first time")
			.hasSize(1);
	}

	@Test
	void aCustomerWhoKeptTheirPlanCountsAsKeptAndOneWhoDowngradedDoesNot() {
		RetentionFlow bob = this.retention.startDowngrade(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC);
		this.retention.giveReason(DemoData.BOB, bob.id(), "too_expensive", null);
		assertThat(this.retention.accept(DemoData.BOB, bob.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		this.dodo.subscription("sub_bob_team", DemoData.BOB, DemoData.TEAM);
		RetentionFlow team = this.retention.startDowngrade(DemoData.BOB, "sub_bob_team", DemoData.PRO);
		this.retention.giveReason(DemoData.BOB, team.id(), "unused", null);
		this.retention.downgrade(DemoData.BOB, team.id());
		this.dodo.clock().advance(Duration.ofDays(61));
		while (this.retention.maintenance().run() > 0) {
			// every flow measured
		}
		assertThat(this.retention.find(DemoData.BOB, bob.id()).kept()).isTrue();
		assertThat(this.retention.find(DemoData.BOB, team.id()).kept()).as("on the cheaper plan: not kept").isFalse();
	}

	@Test
	void aDowngradeFlowIsNotACancelFlowAndOnlyACheaperPlanCanBeAskedFor() {
		RetentionFlow flow = this.retention.startDowngrade(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC);
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.cancel(DemoData.BOB, flow.id()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.ALREADY_DECIDED));
		RetentionFlow alice = this.retention.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.downgrade(DemoData.ALICE, alice.id()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.ALREADY_DECIDED));
		// the customer names the plan; Dodo's price decides: the same plan, a dearer one (Team), a plan in another
		// currency, a one-time product and an unknown id are all refused, and nothing is scheduled
		for (String plan : new String[] { DemoData.BASIC, DemoData.TEAM, DemoData.PRO_EUR, DemoData.COURSE,
				"prod_<b>nope</b>" }) {
			String subscription = plan.equals(DemoData.BASIC) ? DemoData.SCA_SUBSCRIPTION : "sub_sam_pro";
			this.dodo.subscription("sub_sam_pro", DemoData.SCA_CARD_CUSTOMER, DemoData.PRO);
			assertThatExceptionOfType(RetentionException.class).as(plan)
				.isThrownBy(() -> this.retention.startDowngrade(DemoData.SCA_CARD_CUSTOMER, subscription, plan))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.NOT_CANCELLABLE))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("<b>"));
		}
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

}
