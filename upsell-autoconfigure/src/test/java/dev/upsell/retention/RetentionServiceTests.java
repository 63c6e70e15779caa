package dev.upsell.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DodoClient;
import dev.upsell.metrics.internal.RetentionMetrics;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retention flows against the simulator: a reason, one save offer executed on Dodo once, or the cancellation at the
 * period's end in one click, with the guards against abuse.
 */
class RetentionServiceTests {

	private static final String ALICE = DemoData.ALICE;

	private static final String ALICE_SUBSCRIPTION = DemoData.ALICE_SUBSCRIPTION;

	private static final RetentionOffer PAUSE = new RetentionOffer("pause-2", RetentionOffer.Kind.PAUSE,
			Set.of("unused"), 2, 0, "Take two months off");

	private static final RetentionOffer EXTEND = new RetentionOffer("free-month", RetentionOffer.Kind.EXTEND,
			Set.of("too_expensive"), 0, 30, "A month on us");

	private static final RetentionOffer BASIC_PLAN = new RetentionOffer("basic-plan", RetentionOffer.Kind.DOWNGRADE,
			Set.of("missing_features"), 0, 0, DemoData.BASIC, "Keep the basics for less");

	private final List<Object> events = new ArrayList<>();

	private DodoSimulator dodo;

	private DodoClient client;

	private RetentionService retention;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		this.client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		this.retention = retention(RetentionSettings.defaults().withOffers(List.of(PAUSE, EXTEND, BASIC_PLAN)));
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	private RetentionService retention(RetentionSettings settings) {
		return Upsell.builder(this.client)
			.retention(settings)
			.events(this.events::add)
			.clock(this.dodo.clock())
			.build()
			.retention();
	}

	@Test
	void aReasonShowsTheOneOfferThatAnswersItAndNoneForAnother() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		RetentionStep step = this.retention.giveReason(ALICE, flow.id(), "too_expensive", "Money is tight");
		assertThat(step.offer()).isEqualTo(EXTEND);
		assertThat(step.flow().status()).isEqualTo(RetentionFlow.Status.OFFERED);

		RetentionFlow bob = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		RetentionStep none = this.retention.giveReason(DemoData.BOB, bob.id(), "low_quality", null);
		assertThat(none.offer()).isNull();
		assertThat(none.flow().status()).isEqualTo(RetentionFlow.Status.REASON_GIVEN);

		RetentionFlow aliceAgain = this.retention.cancel(ALICE, flow.id());
		assertThat(aliceAgain.status()).isEqualTo(RetentionFlow.Status.CANCELLED);
	}

	@Test
	void anAcceptedPauseIsSentOnceUnderConcurrentClicksAndResumesAfterItsCycles() throws Exception {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "unused", null);
		List<RetentionFlow.Status> outcomes = Concurrently.run(8, () -> {
			try {
				return this.retention.accept(ALICE, flow.id()).status();
			}
			catch (RetentionException ex) {
				assertThat(ex.reason()).isEqualTo(RetentionException.Reason.ALREADY_DECIDED);
				return null;
			}
		});
		assertThat(outcomes).containsOnlyOnce(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}")).as("one pause sent").hasSize(1);
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("paused");
		RetentionFlow saved = this.retention.find(ALICE, flow.id());
		assertThat(saved.resumeAt()).isAfter(this.dodo.clock().instant().plus(Duration.ofDays(55)));

		this.dodo.clock().advance(Duration.ofDays(30));
		assertThat(this.retention.maintenance().run()).isZero();
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("paused");
		this.dodo.clock().advance(Duration.ofDays(32));
		assertThat(this.retention.maintenance().run()).isEqualTo(1);
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().status()).isEqualTo("active");
		assertThat(this.retention.find(ALICE, flow.id()).resumeAt()).isNull();
		assertThat(this.retention.maintenance().run()).as("resumed once").isZero();
	}

	@Test
	void anAcceptedExtensionMovesTheNextBillingDateByItsDays() {
		java.time.Instant due = this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate();
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "too_expensive", null);
		RetentionFlow saved = this.retention.accept(ALICE, flow.id());
		assertThat(saved.status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate())
			.isEqualTo(due.plus(Duration.ofDays(30)));
		assertThat(this.events).filteredOn(RetentionFlowChanged.class::isInstance)
			.extracting((event) -> ((RetentionFlowChanged) event).after().status())
			.containsExactly(RetentionFlow.Status.STARTED, RetentionFlow.Status.OFFERED, RetentionFlow.Status.EXECUTING,
					RetentionFlow.Status.EXECUTING, RetentionFlow.Status.SAVED);
	}

	@Test
	void cancellingIsOneClickFromTheStartAndFromAnOfferWithTheReasonAsDodosFeedback() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(this.retention.cancel(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.CANCELLED);
		assertThat(this.client.getSubscription(ALICE_SUBSCRIPTION).cancelsAtPeriodEnd()).isTrue();
		assertThat(this.retention.cancel(ALICE, flow.id()).status()).as("a second click")
			.isEqualTo(RetentionFlow.Status.CANCELLED);

		RetentionFlow bob = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		RetentionStep offered = this.retention.giveReason(DemoData.BOB, bob.id(), "too_expensive", "pricey");
		assertThat(offered.offer()).isNotNull();
		this.retention.cancel(DemoData.BOB, bob.id());
		assertThat(this.client.getSubscription(DemoData.BOB_SUBSCRIPTION).cancellationFeedback())
			.isEqualTo(dev.upsell.dodo.SubscriptionUpdate.CancellationFeedback.TOO_EXPENSIVE);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().status()).as("until the period ends")
			.isEqualTo("active");
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.accept(DemoData.BOB, bob.id()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.ALREADY_DECIDED));
	}

	@Test
	void aCustomerIsSavedAtMostOnceAndNeverOfferedWhilePastDueOrAlreadyCancelling() {
		RetentionFlow first = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, first.id(), "too_expensive", null);
		this.retention.accept(ALICE, first.id());
		RetentionFlow second = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(this.retention.giveReason(ALICE, second.id(), "too_expensive", null).offer())
			.as("the lifetime cap of one save").isNull();

		RetentionFlow onHold = this.retention.start(DemoData.DECLINING_CARD_CUSTOMER, DemoData.ON_HOLD_SUBSCRIPTION);
		assertThat(this.retention.giveReason(DemoData.DECLINING_CARD_CUSTOMER, onHold.id(), "too_expensive", null)
			.offer()).as("past due").isNull();

		this.retention.cancel(ALICE, second.id());
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.start(ALICE, ALICE_SUBSCRIPTION))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.NOT_CANCELLABLE));
	}

	@Test
	void offersCanBeSwitchedOffSoTheFlowIsTheReasonAndTheCancellation() {
		RetentionSettings defaults = RetentionSettings.defaults();
		RetentionService plain = retention(new RetentionSettings(defaults.reasons(), List.of(PAUSE, EXTEND), true, 1,
				false, defaults.flowTtl(), defaults.saveAfter()));
		RetentionFlow flow = plain.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(plain.giveReason(ALICE, flow.id(), "unused", null).offer()).isNull();
		assertThat(plain.cancel(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.CANCELLED);
	}

	@Test
	void oneSubscriptionHasOneOpenFlowAndAnotherCustomersIsNotFound() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(this.retention.start(ALICE, ALICE_SUBSCRIPTION).id()).isEqualTo(flow.id());
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.start(DemoData.BOB, ALICE_SUBSCRIPTION))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.NOT_FOUND));
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.find(DemoData.BOB, flow.id()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.NOT_FOUND));
		assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.giveReason(ALICE, flow.id(), "bored", null))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(RetentionException.Reason.UNKNOWN_REASON);
				assertThat(ex.getMessage()).doesNotContain("bored");
			});
	}

	@Test
	void aPauseWhoseAnswerWasLostIsSettledFromTheSubscriptionWithoutASecondChange() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "unused", null);
		this.dodo.faults().loseAnswerNext("PATCH /subscriptions/{id}", 1);
		assertThat(this.retention.accept(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().status()).as("Dodo did pause it")
			.isEqualTo("paused");
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}")).as("never sent twice").hasSize(1);
	}

	@Test
	void anExtensionWhoseAnswerWasLostBeforeDodoActedIsSentAgainToTheSameDate() {
		java.time.Instant due = this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate();
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "too_expensive", null);
		this.dodo.faults().delayNext("PATCH /subscriptions/{id}", Duration.ofMillis(2500), 1);
		// the read times out after 2 s: Dodo moves the date anyway; settling aims at the same date, so twice is once
		assertThat(this.retention.accept(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.subscription(ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate())
			.isEqualTo(due.plus(Duration.ofDays(30)));
	}

	@Test
	void anOfferDodoRefusesFailsAndTheCustomerCanStillCancel() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "unused", null);
		this.dodo.faults().failNext("PATCH /subscriptions/{id}", 422, 1);
		RetentionFlow failed = this.retention.accept(ALICE, flow.id());
		assertThat(failed.status()).isEqualTo(RetentionFlow.Status.FAILED);
		assertThat(failed.failureReason()).isNotBlank();
		assertThat(this.retention.cancel(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.CANCELLED);
	}

	@Test
	void aSaveCountsAsKeptOnlyIfTheSubscriptionIsStillThereThirtyDaysLater() {
		RetentionFlow kept = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, kept.id(), "too_expensive", null);
		this.retention.accept(ALICE, kept.id());
		RetentionFlow churned = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		this.retention.giveReason(DemoData.BOB, churned.id(), "too_expensive", null);
		this.retention.accept(DemoData.BOB, churned.id());
		// Bob cancels a week after being saved, through Dodo's portal
		this.dodo.clock().advance(Duration.ofDays(7));
		this.client.updateSubscription(DemoData.BOB_SUBSCRIPTION,
				dev.upsell.dodo.SubscriptionUpdate.cancelAtPeriodEnd(null, null));
		this.dodo.clock().advance(Duration.ofDays(20));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, kept.id()).kept()).as("not yet 30 days").isNull();
		this.dodo.clock().advance(Duration.ofDays(4));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, kept.id()).kept()).isTrue();
		assertThat(this.retention.find(DemoData.BOB, churned.id()).kept()).isFalse();
		assertThat(this.retention.maintenance().run()).as("measured once").isZero();

		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		RetentionMetrics metrics = new RetentionMetrics(registry);
		this.events.stream()
			.filter(RetentionFlowChanged.class::isInstance)
			.forEach((event) -> metrics.onFlowChanged((RetentionFlowChanged) event));
		assertThat(registry.get(RetentionMetrics.FLOWS).tag("status", "saved").tag("offer", "free-month").counter()
			.count()).isEqualTo(2);
		assertThat(registry.get(RetentionMetrics.FLOWS).tag("status", "offered").tag("reason", "too_expensive")
			.counter().count()).isEqualTo(2);
		assertThat(registry.get(RetentionMetrics.SAVES).tag("result", "kept").counter().count()).isEqualTo(1);
		assertThat(registry.get(RetentionMetrics.SAVES).tag("result", "churned").counter().count()).isEqualTo(1);
		long alicesPlan = this.client.getSubscription(ALICE_SUBSCRIPTION).recurringPreTaxAmount();
		assertThat(registry.get(RetentionMetrics.REVENUE_KEPT).tag("currency", "USD").counter().count())
			.as("only the kept subscription's recurring amount").isEqualTo(alicesPlan);
	}

	@Test
	void aPauseIsMeasuredFromItsEndNotFromTheSave() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.retention.giveReason(ALICE, flow.id(), "unused", null);
		this.retention.accept(ALICE, flow.id());
		this.dodo.clock().advance(Duration.ofDays(62));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, flow.id()).kept()).as("resumed just now").isNull();
		this.dodo.clock().advance(Duration.ofDays(31));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, flow.id()).kept()).isTrue();
	}

	@Test
	void anAcceptedDowngradeSchedulesTheCheaperPlanForTheRenewalAndChargesNothingNow() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		assertThat(this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null).offer())
			.isEqualTo(BASIC_PLAN);
		int payments = this.dodo.payments().size();
		assertThat(this.retention.accept(DemoData.BOB, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.payments()).as("nothing charged now").hasSize(payments);
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.BASIC);

		RetentionFlow alice = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(this.retention.giveReason(ALICE, alice.id(), "missing_features", null).offer())
			.as("already on the cheaper plan").isNull();
	}

	@Test
	void aDowngradeWhoseAnswerWasLostIsSettledFromTheScheduledChangeWithoutASecondOne() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null);
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		assertThat(this.retention.accept(DemoData.BOB, flow.id()).status())
			.isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(DemoData.BOB, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void anOfferForSomePlansIsShownOnlyToTheirSubscribers() {
		RetentionService proOnly = retention(RetentionSettings.defaults()
			.withOffers(List.of(EXTEND.forPlans(Set.of(DemoData.PRO)))));
		RetentionFlow alice = proOnly.start(ALICE, ALICE_SUBSCRIPTION);
		assertThat(proOnly.giveReason(ALICE, alice.id(), "too_expensive", null).offer()).as("Alice is on Basic")
			.isNull();
		RetentionFlow bob = proOnly.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		assertThat(proOnly.giveReason(DemoData.BOB, bob.id(), "too_expensive", null).offer()).isNotNull();
	}

	@Test
	void aFlowLeftWithoutADecisionExpiresAndFreesTheSubscription() {
		RetentionFlow flow = this.retention.start(ALICE, ALICE_SUBSCRIPTION);
		this.dodo.clock().advance(Duration.ofDays(2));
		this.retention.maintenance().run();
		assertThat(this.retention.find(ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.EXPIRED);
		assertThat(this.retention.start(ALICE, ALICE_SUBSCRIPTION).id()).isNotEqualTo(flow.id());
	}

}
