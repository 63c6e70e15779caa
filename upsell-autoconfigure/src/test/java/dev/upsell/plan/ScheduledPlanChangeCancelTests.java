package dev.upsell.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** "Keep Pro after all": a plan change scheduled for the renewal is cancelled in one call, once, charging nothing. */
class ScheduledPlanChangeCancelTests {

	private final List<Object> events = new ArrayList<>();

	private DodoSimulator dodo;

	private PlanChangeService plans;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		this.plans = Upsell.builder(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)))
			.events(this.events::add)
			.clock(this.dodo.clock())
			.build()
			.planChanges();
		this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY).effective(EffectiveAt.NEXT_BILLING_DATE));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	@Test
	void aScheduledDowngradeIsCancelledInOneCallAndTheSubscriptionRenewsOnItsPlan() {
		int payments = this.dodo.payments().size();
		ScheduledPlanChangeCancelled cancelled = this.plans.cancelScheduled(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		assertThat(cancelled.keptProductId()).isEqualTo(DemoData.PRO);
		assertThat(cancelled.cancelledProductId()).isEqualTo(DemoData.BASIC);
		assertThat(this.events).contains(cancelled);
		assertThat(this.dodo.payments()).as("nothing charged").hasSize(payments);
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.PRO);
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> this.plans.cancelScheduled(DemoData.BOB, DemoData.BOB_SUBSCRIPTION))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.NOTHING_SCHEDULED));
	}

	@Test
	void aCancelWhoseAnswerWasLostIsReadBackAndAnsweredAsDone() {
		this.dodo.faults().loseAnswerNext("DELETE /subscriptions/{id}/change-plan/scheduled", 1);
		ScheduledPlanChangeCancelled cancelled = this.plans.cancelScheduled(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		assertThat(cancelled.keptProductId()).isEqualTo(DemoData.PRO);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId()).isNull();
		assertThat(this.dodo.requests("DELETE /subscriptions/{id}/change-plan/scheduled")).hasSize(1);
	}

	@Test
	void aCancelThatNeverReachedDodoSaysSoAndChangesNothing() {
		this.dodo.faults().failNext("DELETE /subscriptions/{id}/change-plan/scheduled", 503, 1);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.plans.cancelScheduled(DemoData.BOB, DemoData.BOB_SUBSCRIPTION));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
		assertThat(this.events).noneMatch(ScheduledPlanChangeCancelled.class::isInstance);
	}

	@Test
	void aScheduledDowngradeIsReplacedByAnUpgradeThatAppliesAndRefusedWithoutReplacing() {
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
					PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.CHANGE_PENDING));
		PlanChangeOutcome upgraded = this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
				PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY).replacingScheduled());
		assertThat(upgraded.status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.TEAM);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.as("the downgrade is gone with the upgrade that applied")
			.isNull();
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.TEAM);
	}

	@Test
	void anotherCustomersSubscriptionIsNotFound() {
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> this.plans.cancelScheduled(DemoData.ALICE, DemoData.BOB_SUBSCRIPTION))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.SUBSCRIPTION_NOT_FOUND));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
	}

}
