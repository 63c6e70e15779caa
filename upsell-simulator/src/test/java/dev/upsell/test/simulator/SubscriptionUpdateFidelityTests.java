package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code PATCH /subscriptions/{id}} as Dodo answers it: reference "Subscription update" and SDK 2.52
 * {@code SubscriptionUpdateParams}; guesses are named in {@code docs/simulator.md}.
 */
class SubscriptionUpdateFidelityTests {

	private static final String ALICE = "/subscriptions/" + DemoData.ALICE_SUBSCRIPTION;

	private DodoSimulator dodo;

	private WebhookReceiver receiver;

	private SimulatorApi api;

	@BeforeEach
	void start() throws Exception {
		this.dodo = DodoSimulator.builder().webhookTiming(WebhookTiming.afterAnswer()).start();
		this.receiver = new WebhookReceiver(this.dodo.webhookSecret());
		this.dodo.webhooks().target(this.receiver.uri());
		this.api = new SimulatorApi(this.dodo);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
		this.receiver.close();
	}

	// SDK: "Set to paused to pause an active subscription. Set to active to resume a paused subscription"
	@Test
	void aPausedSubscriptionIsNotBilledAndResumesWhereItWas() throws Exception {
		Instant due = this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate();
		SimulatorApi.Response paused = this.api.patch(ALICE, "{\"status\":\"paused\"}");
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.body().path("status").asString()).isEqualTo("paused");
		this.dodo.clock().advance(Duration.ofDays(10));
		assertThat(this.dodo.payments()).filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.as("no renewal while paused")
			.isEmpty();
		JsonNode resumed = this.api.patch(ALICE, "{\"status\":\"active\"}").body();
		assertThat(resumed.path("status").asString()).isEqualTo("active");
		assertThat(Instant.parse(resumed.path("next_billing_date").asString())).isEqualTo(due);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.types()).contains("subscription.paused",
					"subscription.unpaused", "subscription.active"));
	}

	// SDK: "Send paused or active alone. A request that combines either with any other field fails with 422";
	// "pause ... always fails with 422"
	@Test
	void pausingWithAnythingElseOrTheRemovedPauseFieldIs422() throws Exception {
		assertThat(this.api.patch(ALICE, "{\"status\":\"paused\",\"next_billing_date\":\"2030-01-01T00:00:00Z\"}")
			.status()).isEqualTo(422);
		assertThat(this.api.patch(ALICE, "{\"pause\":true}").status()).isEqualTo(422);
		assertThat(this.api.patch(ALICE, "{\"status\":\"active\"}").status()).as("resuming an active one")
			.isEqualTo(422);
		assertThat(this.api.patch("/subscriptions/" + DemoData.CANCELLED_SUBSCRIPTION, "{\"status\":\"paused\"}")
			.status()).isEqualTo(422);
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("active");
	}

	// SDK: cancel_at_next_billing_date "the subscription will remain active until the end of billing period";
	// cancellation_feedback is a CancellationFeedback, "only valid when cancelling or scheduling cancellation"
	@Test
	void cancellingAtTheEndOfThePeriodKeepsItActiveUntilThenWithTheReasonAndNeverRenews() throws Exception {
		JsonNode scheduled = this.api.patch(ALICE, """
				{"cancel_at_next_billing_date":true,"cancellation_feedback":"too_expensive",
				 "cancellation_comment":"Too much for now"}""").body();
		assertThat(scheduled.path("status").asString()).isEqualTo("active");
		assertThat(scheduled.path("cancel_at_next_billing_date").asBoolean()).isTrue();
		assertThat(scheduled.path("cancellation_feedback").asString()).isEqualTo("too_expensive");
		assertThat(this.api.post(ALICE + "/change-plan", """
				{"product_id":"prod_pro","quantity":1,"proration_billing_mode":"prorated_immediately"}""")
			.body()
			.path("code")
			.asString()).isEqualTo("PLAN_CHANGE_NOT_ALLOWED_FOR_SCHEDULED_CANCELLATION");
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("cancelled");
		assertThat(this.dodo.payments()).filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.isEmpty();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.types()).contains("subscription.cancelled"));
	}

	@Test
	void aScheduledCancellationCanBeTakenBackAndTheSubscriptionRenews() throws Exception {
		this.api.patch(ALICE, "{\"cancel_at_next_billing_date\":true,\"cancellation_feedback\":\"unused\"}");
		JsonNode kept = this.api.patch(ALICE, "{\"cancel_at_next_billing_date\":false}").body();
		assertThat(kept.path("cancel_at_next_billing_date").asBoolean()).isFalse();
		assertThat(kept.path("cancellation_feedback").isNull()).isTrue();
		this.dodo.clock().advance(Duration.ofDays(16));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("active");
		assertThat(this.dodo.payments()).filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.hasSize(1);
	}

	@Test
	void feedbackIsRefusedWithoutACancellationAndMustBeOneOfDodosReasons() throws Exception {
		assertThat(this.api.patch(ALICE, "{\"cancellation_feedback\":\"too_expensive\"}").status()).isEqualTo(422);
		assertThat(this.api.patch(ALICE, "{\"cancel_at_next_billing_date\":true,\"cancellation_feedback\":\"meh\"}")
			.status()).isEqualTo(422);
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow()).satisfies(
				(subscription) -> assertThat(subscription.status()).isEqualTo("active"));
	}

	// reference: PATCH takes next_billing_date (guess: only a future date, only on an active subscription)
	@Test
	void movingTheNextBillingDateExtendsThePeriodAndIsToldAsAnUpdate() throws Exception {
		Instant due = this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate();
		Instant later = due.plus(Duration.ofDays(30));
		JsonNode extended = this.api.patch(ALICE, "{\"next_billing_date\":\"" + later + "\"}").body();
		assertThat(Instant.parse(extended.path("next_billing_date").asString())).isEqualTo(later);
		this.dodo.clock().advance(Duration.ofDays(20));
		assertThat(this.dodo.payments()).filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.as("not billed at the old date")
			.isEmpty();
		assertThat(this.api.patch(ALICE, "{\"next_billing_date\":\"2001-01-01T00:00:00Z\"}").status()).isEqualTo(422);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.types()).contains("subscription.updated"));
	}

	@Test
	void cancellingNowEndsItAtOnceWithItsReason() throws Exception {
		JsonNode cancelled = this.api.patch(ALICE, "{\"status\":\"cancelled\",\"cancellation_feedback\":\"other\"}")
			.body();
		assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.path("cancellation_feedback").asString()).isEqualTo("other");
		assertThat(this.api.patch(ALICE, "{\"cancel_at_next_billing_date\":true}").status()).isEqualTo(422);
	}

}
