package dev.upsell.retention;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.upsell.Upsell;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Subscription;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The save offers that touch the price: a discount for a number of renewals (a single-use Dodo code made for the
 * customer, or a dashboard's code) and a downgrade now (prorated, previewed and quoted before the customer accepts),
 * each executed once, with lost answers settled from the subscription.
 */
class RetentionDiscountAndDowngradeNowTests {

	private static final RetentionOffer HALF_OFF = RetentionOffer.discount("half-off", Set.of("too_expensive"), 2, 50,
			null, "Half price for two months");

	private static final RetentionOffer DASHBOARD_CODE = RetentionOffer.discount("stay20", Set.of("low_quality"), 0, 0,
			"STAY20", "20% off");

	private static final RetentionOffer BASIC_NOW = RetentionOffer.downgradeNow("basic-now", Set.of("missing_features"),
			DemoData.BASIC, "Basic from today");

	private DodoSimulator dodo;

	private DodoClient client;

	private RetentionService retention;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		this.client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		this.retention = retention(1);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	private RetentionService retention(int maxSaves) {
		RetentionSettings defaults = RetentionSettings.defaults();
		return Upsell.builder(this.client)
			.retention(new RetentionSettings(defaults.reasons(), List.of(HALF_OFF, DASHBOARD_CODE, BASIC_NOW), false,
					maxSaves, false, defaults.flowTtl(), defaults.saveAfter()))
			.clock(this.dodo.clock())
			.build()
			.retention();
	}

	@Test
	void aDiscountMakesOneSingleUseCodeForTheCustomerAndTakesItsShareOffTheNextRenewalsOnly() throws Exception {
		RetentionFlow flow = this.retention.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		assertThat(this.retention.giveReason(DemoData.ALICE, flow.id(), "too_expensive", null).offer())
			.isEqualTo(HALF_OFF);
		List<RetentionFlow.Status> clicks = Concurrently.run(6, () -> {
			try {
				return this.retention.accept(DemoData.ALICE, flow.id()).status();
			}
			catch (RetentionException ex) {
				return null;
			}
		});
		assertThat(clicks).containsOnlyOnce(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("POST /discounts")).as("one code").hasSize(1);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).as("applied once").hasSize(1);
		assertThat(this.dodo.payments()).as("nothing charged now").isEmpty();
		Subscription.AppliedDiscount applied = this.client.getSubscription(DemoData.ALICE_SUBSCRIPTION)
			.discounts()
			.get(0);
		assertThat(this.client.getDiscountByCode(applied.code()))
			.satisfies((code) -> assertThat(code.usageLimit()).as("single use").isEqualTo(1))
			.satisfies((code) -> assertThat(code.restrictedTo()).containsExactly(DemoData.BASIC));
		this.dodo.clock().advance(Duration.ofDays(90));
		assertThat(this.dodo.payments()).filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.extracting(SimPayment::totalAmount)
			.as("Basic is 30.00: half off for two renewals, then the full price")
			.containsExactly(1500L, 1500L, 3000L);
	}

	@Test
	void aDiscountWhoseAnswerWasLostIsSettledFromTheSubscriptionWithoutASecondCodeOrChange() {
		RetentionFlow flow = this.retention.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		this.retention.giveReason(DemoData.ALICE, flow.id(), "too_expensive", null);
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		assertThat(this.retention.accept(DemoData.ALICE, flow.id()).status())
			.isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(DemoData.ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("POST /discounts")).hasSize(1);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void aCodeWhoseCreationAnswerWasLostIsMadeOnceAndStillApplied() {
		RetentionFlow flow = this.retention.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		this.retention.giveReason(DemoData.ALICE, flow.id(), "too_expensive", null);
		this.dodo.faults().loseAnswerNext("POST /discounts", 1);
		assertThat(this.retention.accept(DemoData.ALICE, flow.id()).status())
			.isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(DemoData.ALICE, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("POST /discounts")).as("the second attempt was told the code exists").hasSize(2);
		assertThat(this.client.getSubscription(DemoData.ALICE_SUBSCRIPTION).discounts()).hasSize(1);
	}

	@Test
	void aDashboardCodeIsAppliedWithItsOwnLimitsAndADiscountedSubscriptionIsOfferedNothingMore() {
		this.client.createDiscount(new DiscountRequest(2000, "percentage", "STAY20", null, 1, null, null, null, Map.of()));
		RetentionService generous = retention(5);
		RetentionFlow alice = generous.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		generous.giveReason(DemoData.ALICE, alice.id(), "low_quality", null);
		assertThat(generous.accept(DemoData.ALICE, alice.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.client.getSubscription(DemoData.ALICE_SUBSCRIPTION).discounts())
			.extracting(Subscription.AppliedDiscount::code)
			.containsExactly("STAY20");

		RetentionFlow again = generous.start(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION);
		assertThat(generous.giveReason(DemoData.ALICE, again.id(), "too_expensive", null).offer())
			.as("already discounted").isNull();

		RetentionFlow sam = generous.start(DemoData.SCA_CARD_CUSTOMER, DemoData.SCA_SUBSCRIPTION);
		generous.giveReason(DemoData.SCA_CARD_CUSTOMER, sam.id(), "low_quality", null);
		RetentionFlow refused = generous.accept(DemoData.SCA_CARD_CUSTOMER, sam.id());
		assertThat(refused.status()).as("the code's usage limit is Dodo's").isEqualTo(RetentionFlow.Status.FAILED);
		assertThat(refused.failureReason()).isEqualTo("INVALID_DISCOUNT_CODE");
		assertThat(generous.cancel(DemoData.SCA_CARD_CUSTOMER, sam.id()).status())
			.isEqualTo(RetentionFlow.Status.CANCELLED);
	}

	@Test
	void aDowngradeNowIsQuotedFirstAndMovesThePlanAtTheQuotedFiguresWithACreditNotACharge() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		RetentionStep step = this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null);
		assertThat(step.offer()).isEqualTo(BASIC_NOW);
		assertThat(step.quote()).isNotNull();
		assertThat(step.quote().chargeNow().amount()).isZero();
		assertThat(step.quote().creditAdded().amount()).as("what is left of Pro").isPositive();
		RetentionFlow saved = this.retention.accept(DemoData.BOB, flow.id(), step.quote().quoteId());
		assertThat(saved.status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId())
			.isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.payments()).as("nothing charged").isEmpty();
	}

	@Test
	void aFreshQuoteForAShownDowngradeNowIsAcceptedAtItsFigures() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null);
		this.dodo.clock().advance(Duration.ofDays(1));
		dev.upsell.plan.PlanChangeQuote fresh = this.retention.quote(DemoData.BOB, flow.id());
		assertThat(fresh.newProductId()).isEqualTo(DemoData.BASIC);
		assertThat(this.retention.accept(DemoData.BOB, flow.id(), fresh.quoteId()).status())
			.isEqualTo(RetentionFlow.Status.SAVED);
		org.assertj.core.api.Assertions.assertThatExceptionOfType(RetentionException.class)
			.isThrownBy(() -> this.retention.quote(DemoData.BOB, flow.id()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RetentionException.Reason.ALREADY_DECIDED));
	}

	@Test
	void aDowngradeNowWhoseQuoteRanOutMovesNothingAndCancellingStaysOpen() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		RetentionStep step = this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null);
		this.dodo.clock().advance(Duration.ofDays(1));
		RetentionFlow failed = this.retention.accept(DemoData.BOB, flow.id(), step.quote().quoteId());
		assertThat(failed.status()).isEqualTo(RetentionFlow.Status.FAILED);
		assertThat(failed.failureReason()).startsWith("QUOTE_");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.PRO);
		assertThat(this.retention.cancel(DemoData.BOB, flow.id()).status()).isEqualTo(RetentionFlow.Status.CANCELLED);
	}

	@Test
	void aDowngradeNowWhoseAnswerWasLostIsSettledFromThePlanWithoutASecondChange() {
		RetentionFlow flow = this.retention.start(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		RetentionStep step = this.retention.giveReason(DemoData.BOB, flow.id(), "missing_features", null);
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		assertThat(this.retention.accept(DemoData.BOB, flow.id(), step.quote().quoteId()).status())
			.isEqualTo(RetentionFlow.Status.OUTCOME_UNKNOWN);
		this.dodo.clock().advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		assertThat(this.retention.find(DemoData.BOB, flow.id()).status()).isEqualTo(RetentionFlow.Status.SAVED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

}
