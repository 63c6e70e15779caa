package dev.upsell.dodo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimPayment;
import dev.upsell.test.simulator.SimSubscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Worked examples of the simulator's plan change math, through the typed client. Demo subscriptions are
 * monthly (30 days) and start halfway through their period; the clock is fixed.
 */
class SimulatorProrationTests {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension(
			DodoSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)));

	private final DodoSimulator dodo = simulator.simulator();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	@Test
	void differenceImmediatelyUpgradeChargesThePriceDifference() {
		// Basic 3000 -> Pro 8000
		assertCharges(DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, ProrationMode.DIFFERENCE_IMMEDIATELY, 5000, 0);
		assertThat(subscription(DemoData.ALICE_SUBSCRIPTION).productId()).isEqualTo(DemoData.PRO);
	}

	@Test
	void differenceImmediatelyDowngradeCreatesACredit() {
		// Pro 8000 -> Basic 3000
		assertCharges(DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, ProrationMode.DIFFERENCE_IMMEDIATELY, 0, 5000);
		assertThat(subscription(DemoData.BOB_SUBSCRIPTION).credits()).isEqualTo(5000);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void creditPaysForALaterUpgradeFirst() {
		change(DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, ProrationMode.DIFFERENCE_IMMEDIATELY);
		// Basic 3000 -> Team 15000 = 12000, less the 5000 credit
		assertCharges(DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, ProrationMode.DIFFERENCE_IMMEDIATELY, 7000, -5000);
		assertThat(subscription(DemoData.BOB_SUBSCRIPTION).credits()).isZero();
	}

	@Test
	void proratedImmediatelyHalfwayChargesHalfTheDifference() {
		PlanChangePreview preview = assertCharges(DemoData.ALICE_SUBSCRIPTION, DemoData.PRO,
				ProrationMode.PRORATED_IMMEDIATELY, 2500, 0);
		assertThat(preview.immediateCharge().lineItems().get(0).prorationFactor()).isEqualTo(0.5);
	}

	@Test
	void proratedImmediatelyLaterInThePeriodChargesLess() {
		// 5 of 30 days left: 5000 * 5 / 30 = 833.33 -> 833
		this.dodo.clock().advance(Duration.ofDays(10));
		assertCharges(DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, ProrationMode.PRORATED_IMMEDIATELY, 833, 0);
	}

	@Test
	void proratedImmediatelyDowngradeCreditsTheUnusedHalf() {
		assertCharges(DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, ProrationMode.PRORATED_IMMEDIATELY, 0, 2500);
	}

	@Test
	void fullImmediatelyChargesTheWholeNewPriceAndRestartsTheCycle() {
		assertCharges(DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, ProrationMode.FULL_IMMEDIATELY, 8000, 0);
		SimSubscription after = subscription(DemoData.ALICE_SUBSCRIPTION);
		assertThat(after.previousBillingDate()).isEqualTo(NOW);
		assertThat(after.nextBillingDate()).isEqualTo(NOW.plus(Duration.ofDays(30)));
	}

	@Test
	void doNotBillChangesThePlanForFree() {
		assertCharges(DemoData.ALICE_SUBSCRIPTION, DemoData.TEAM, ProrationMode.DO_NOT_BILL, 0, 0);
		assertThat(subscription(DemoData.ALICE_SUBSCRIPTION).productId()).isEqualTo(DemoData.TEAM);
		assertThat(this.dodo.payments()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ProrationMode.class)
	void thePreviewShowsWhatTheChangeCharges(ProrationMode mode) {
		PlanChangeRequest request = request(DemoData.PRO, mode, null);
		long previewed = this.client.previewPlanChange(DemoData.ALICE_SUBSCRIPTION, request)
			.immediateCharge()
			.summary()
			.totalAmount();
		PlanChangeResult result = this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, request);
		long charged = (result.paymentId() != null) ? this.client.getPayment(result.paymentId()).totalAmount() : 0;
		assertThat(charged).isEqualTo(previewed);
	}

	@Test
	void nextBillingDateSchedulesTheChangeWithoutChargingNow() {
		PlanChangeRequest request = request(DemoData.PRO, ProrationMode.FULL_IMMEDIATELY, EffectiveAt.NEXT_BILLING_DATE);
		PlanChangePreview preview = this.client.previewPlanChange(DemoData.ALICE_SUBSCRIPTION, request);
		SimSubscription before = subscription(DemoData.ALICE_SUBSCRIPTION);
		assertThat(preview.immediateCharge().summary().totalAmount()).isZero();
		assertThat(preview.immediateCharge().effectiveAt()).isEqualTo(before.nextBillingDate());

		PlanChangeResult result = this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, request);
		assertThat(result.paymentId()).isNull();
		SimSubscription after = subscription(DemoData.ALICE_SUBSCRIPTION);
		assertThat(after.productId()).isEqualTo(DemoData.BASIC);
		assertThat(after.scheduledProductId()).isEqualTo(DemoData.PRO);
		assertThat(this.client.getSubscription(DemoData.ALICE_SUBSCRIPTION).scheduledChange()).isNotNull();
		assertThat(this.dodo.payments()).isEmpty();

		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, request))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("SCHEDULED_PLAN_CHANGE_EXISTS"));
	}

	@Test
	void nextBillingDateNeedsFullImmediately() {
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.changePlan(DemoData.ALICE_SUBSCRIPTION,
					request(DemoData.PRO, ProrationMode.DIFFERENCE_IMMEDIATELY, EffectiveAt.NEXT_BILLING_DATE)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.code()).isEqualTo("INVALID_PRORATION_MODE_WITH_NEXT_BILLING_DATE");
			});
	}

	@Test
	void aDeclinedUpgradeKeepsTheOldPlanUnlessTheChangeShouldApplyAnyway() {
		this.dodo.customer("cus_d", "d@example.com", "D",
				dev.upsell.test.simulator.SimCard.working("pm_d")
					.behaving(dev.upsell.test.simulator.CardBehaviour.DECLINES))
			.subscription("sub_d", "cus_d", DemoData.BASIC)
			.subscription("sub_d2", "cus_d", DemoData.BASIC);
		PlanChangeRequest prevent = new PlanChangeRequest(DemoData.PRO, 1, ProrationMode.DIFFERENCE_IMMEDIATELY, null,
				OnPaymentFailure.PREVENT_CHANGE, null, null, null);
		String paymentId = this.client.changePlan("sub_d", prevent).paymentId();
		assertThat(this.client.getPayment(paymentId).status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(subscription("sub_d").productId()).isEqualTo(DemoData.BASIC);

		PlanChangeRequest apply = new PlanChangeRequest(DemoData.PRO, 1, ProrationMode.DIFFERENCE_IMMEDIATELY, null,
				OnPaymentFailure.APPLY_CHANGE, null, null, null);
		// a change kept pending by prevent_change answers 409 (SDK: "A pending plan change still gets a 409")
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> this.client.changePlan("sub_d", apply))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("PENDING_PLAN_CHANGE_EXISTS"));
		this.client.changePlan("sub_d2", apply);
		assertThat(subscription("sub_d2").productId()).isEqualTo(DemoData.PRO);
		assertThat(subscription("sub_d2").status()).isEqualTo("on_hold");
	}

	@Test
	void anotherCurrencyIsRefused() {
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.previewPlanChange(DemoData.ALICE_SUBSCRIPTION,
					request(DemoData.PRO_EUR, ProrationMode.DIFFERENCE_IMMEDIATELY, null)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("CURRENCY_MISMATCH"));
	}

	@Test
	void aPlanChangeSendsPlanChangedAndPaymentWebhooks() {
		change(DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, ProrationMode.DIFFERENCE_IMMEDIATELY);
		assertThat(this.dodo.webhooks().events()).extracting(dev.upsell.test.simulator.SimWebhook::type)
			.containsExactly("payment.succeeded", "subscription.plan_changed");
	}

	private PlanChangePreview assertCharges(String subscriptionId, String productId, ProrationMode mode, long charge,
			long credits) {
		PlanChangePreview preview = this.client.previewPlanChange(subscriptionId, request(productId, mode, null));
		assertThat(preview.immediateCharge().summary().totalAmount()).as("previewed charge").isEqualTo(charge);
		assertThat(preview.immediateCharge().summary().customerCredits()).as("previewed credits").isEqualTo(credits);
		assertThat(preview.newPlan().productId()).isEqualTo(productId);
		int paymentsBefore = this.dodo.payments().size();
		change(subscriptionId, productId, mode);
		long charged = this.dodo.payments()
			.stream()
			.skip(paymentsBefore)
			.filter(SimPayment::succeeded)
			.mapToLong(SimPayment::totalAmount)
			.sum();
		assertThat(charged).as("charged").isEqualTo(charge);
		return preview;
	}

	private void change(String subscriptionId, String productId, ProrationMode mode) {
		this.client.changePlan(subscriptionId, request(productId, mode, null));
	}

	private static PlanChangeRequest request(String productId, ProrationMode mode, EffectiveAt effectiveAt) {
		return new PlanChangeRequest(productId, 1, mode, effectiveAt, null, null, null, null);
	}

	private SimSubscription subscription(String id) {
		return this.dodo.subscription(id).orElseThrow();
	}

}
