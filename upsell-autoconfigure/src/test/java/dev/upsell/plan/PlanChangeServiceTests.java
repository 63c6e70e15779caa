package dev.upsell.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.upsell.Upsell;
import dev.upsell.catalog.Money;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimAddon;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Worked examples against the simulator; demo subscriptions are monthly and halfway through the period. */
class PlanChangeServiceTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension(
			DodoSimulator.builder().clock(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC)));

	private final DodoSimulator dodo = simulator.simulator();

	private final List<PlanChangeOutcome> observed = new CopyOnWriteArrayList<>();

	private PlanChangeService plans = service(Duration.ofSeconds(2));

	private void observe(Object event) {
		this.observed.add(((PlanChangeExecuted) event).outcome());
	}

	private PlanChangeService service(Duration readTimeout) {
		DodoClient client = TestDodoClients.client(this.dodo, "", readTimeout);
		return new PlanChangeService(client, ProrationMode.DIFFERENCE_IMMEDIATELY, this::observe, null);
	}

	private PlanChangeQuote previewAlice(String product, PlanChangeOptions options) {
		return this.plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, product, 1, options);
	}

	@Test
	void upgradeWithDifferenceImmediatelyChargesTheDifference() {
		PlanChangeQuote quote = previewAlice(DemoData.PRO, PlanChangeOptions.defaults());
		assertThat(quote.direction()).isEqualTo(Direction.UPGRADE);
		assertThat(quote.prorationMode()).isEqualTo(ProrationMode.DIFFERENCE_IMMEDIATELY);
		assertThat(quote.chargeNow()).isEqualTo(new Money(5000, "USD"));
		assertThat(quote.currentPrice()).isEqualTo(new Money(3000, "USD"));
		assertThat(quote.newPrice()).isEqualTo(new Money(8000, "USD"));
		assertThat(quote.summary()).isEqualTo("Upgrade now for $50.00");

		PlanChangeOutcome outcome = this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults());
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.paymentId()).isEqualTo(outcome.paymentId());
			assertThat(charge.totalAmount()).isEqualTo(5000);
		});
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.PRO);
		assertThat(this.observed).singleElement().isSameAs(outcome);
	}

	@Test
	void downgradeWithDifferenceImmediatelyCreditsFutureRenewals() {
		PlanChangeOutcome outcome = this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.defaults());
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.CREDITED);
		assertThat(outcome.quote().direction()).isEqualTo(Direction.DOWNGRADE);
		assertThat(outcome.quote().chargeNow().amount()).isZero();
		assertThat(outcome.quote().creditAdded()).isEqualTo(new Money(5000, "USD"));
		assertThat(outcome.quote().summary()).isEqualTo("Downgrade now; $50.00 credit goes towards your next renewals");
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().credits()).isEqualTo(5000);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void proratedImmediatelyHalfwayChargesOrCreditsHalfTheDifference() {
		assertThat(previewAlice(DemoData.PRO, PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY)).chargeNow())
			.isEqualTo(new Money(2500, "USD"));
		PlanChangeQuote down = this.plans.preview(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY));
		assertThat(down.chargeNow().amount()).isZero();
		assertThat(down.creditAdded()).isEqualTo(new Money(2500, "USD"));
	}

	@Test
	void fullImmediatelyChargesTheFullNewPrice() {
		PlanChangeOutcome outcome = this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.TEAM, 1,
				PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY));
		assertThat(outcome.quote().chargeNow()).isEqualTo(new Money(15000, "USD"));
		assertThat(this.dodo.charges()).extracting(SimPayment::totalAmount).containsExactly(15000L);
	}

	@Test
	void fullImmediatelyOnADowngradeChargesTheFullLowerPriceAndRestartsTheCycle() {
		PlanChangeOutcome outcome = this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY));
		assertThat(outcome.quote().direction()).isEqualTo(Direction.DOWNGRADE);
		assertThat(outcome.quote().chargeNow()).isEqualTo(new Money(3000, "USD"));
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().previousBillingDate())
			.isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
	}

	@Test
	void doNotBillChargesNothingEitherWay() {
		assertThat(this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.mode(ProrationMode.DO_NOT_BILL)).status()).isEqualTo(PlanChangeOutcome.Status.NO_CHARGE);
		assertThat(this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.mode(ProrationMode.DO_NOT_BILL)).status()).isEqualTo(PlanChangeOutcome.Status.NO_CHARGE);
		assertThat(this.dodo.payments()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ProrationMode.class)
	void previewFiguresEqualWhatTheChangeCharges(ProrationMode mode) {
		long previewed = previewAlice(DemoData.TEAM, PlanChangeOptions.mode(mode)).chargeNow().amount();
		this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.TEAM, 1, PlanChangeOptions.mode(mode));
		assertThat(this.dodo.charges().stream().mapToLong(SimPayment::totalAmount).sum()).isEqualTo(previewed);
	}

	@Test
	void nextBillingDateSchedulesWithoutChargingNow() {
		PlanChangeOptions options = PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY)
			.effective(EffectiveAt.NEXT_BILLING_DATE);
		PlanChangeOutcome outcome = this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				options);
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.SCHEDULED);
		assertThat(outcome.quote().chargeNow().amount()).isZero();
		assertThat(outcome.quote().takesEffect())
			.isEqualTo(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate());
		assertThat(this.dodo.payments()).isEmpty();
		assertGuard(() -> this.plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.TEAM, 1, options),
				PlanChangeException.Reason.CHANGE_PENDING, "already has a scheduled plan change");
	}

	@Test
	void aPendingChangeAt409IsReportedAsPending() {
		this.dodo.pendingPlanChange(DemoData.ALICE_SUBSCRIPTION);
		assertGuard(() -> previewAlice(DemoData.PRO, PlanChangeOptions.defaults()),
				PlanChangeException.Reason.CHANGE_PENDING, "PENDING_PLAN_CHANGE_EXISTS");
	}

	@Test
	void guardsRefuseBeforeAnythingIsSent() {
		assertGuard(() -> this.plans.preview(DemoData.ALICE, "sub_missing", DemoData.PRO, 1, PlanChangeOptions.defaults()),
				PlanChangeException.Reason.SUBSCRIPTION_NOT_FOUND, "No subscription sub_missing");
		assertGuard(() -> this.plans.change(DemoData.ALICE, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
				PlanChangeOptions.defaults()), PlanChangeException.Reason.SUBSCRIPTION_NOT_FOUND,
				"No subscription " + DemoData.BOB_SUBSCRIPTION);
		assertGuard(() -> this.plans.change(DemoData.DECLINING_CARD_CUSTOMER, DemoData.ON_HOLD_SUBSCRIPTION,
				DemoData.PRO, 1, PlanChangeOptions.defaults()), PlanChangeException.Reason.SUBSCRIPTION_NOT_ACTIVE,
				"is on_hold");
		assertGuard(() -> this.plans.change(DemoData.EXPIRED_CARD_CUSTOMER, DemoData.CANCELLED_SUBSCRIPTION,
				DemoData.PRO, 1, PlanChangeOptions.defaults()), PlanChangeException.Reason.SUBSCRIPTION_NOT_ACTIVE,
				"is cancelled");
		assertGuard(() -> previewAlice(DemoData.BASIC, PlanChangeOptions.defaults()), PlanChangeException.Reason.SAME_PLAN,
				"is on prod_basic already");
		assertGuard(() -> previewAlice(DemoData.COURSE, PlanChangeOptions.defaults()),
				PlanChangeException.Reason.INVALID_PLAN, "not a subscription product");
		assertGuard(() -> previewAlice(DemoData.PRO,
				PlanChangeOptions.mode(ProrationMode.DIFFERENCE_IMMEDIATELY).effective(EffectiveAt.NEXT_BILLING_DATE)),
				PlanChangeException.Reason.INVALID_OPTIONS, "full_immediately");
		assertThat(this.dodo.requests()).noneMatch((request) -> request.operation().startsWith("POST"));
	}

	@Test
	void theDirectionIsReadFromDodosFiguresWithTheAddonsNotFromAListPrice() {
		// Basic 30.00 + a 60.00 addon = 90.00 a month; Pro is 80.00 on its own, 140.00 with the addon it keeps
		this.dodo.addon(new dev.upsell.test.simulator.SimAddon("add_seats", "Seats", 6000, "USD"))
			.subscriptionAddons(DemoData.ALICE_SUBSCRIPTION, java.util.Map.of("add_seats", 1));
		PlanChangeQuote quote = previewAlice(DemoData.PRO, PlanChangeOptions.defaults());
		assertThat(quote.direction()).isEqualTo(Direction.UPGRADE);
		assertThat(quote.currentPrice()).isEqualTo(new dev.upsell.catalog.Money(9000, "USD"));
		assertThat(quote.newPrice()).isEqualTo(new dev.upsell.catalog.Money(14000, "USD"));
	}

	@Test
	void aPlanInAnotherCurrencyIsDodosToRefuseNotTurnedAwayByAGuess() {
		// adaptive pricing can bill a subscription in another currency than the product's list price: only Dodo knows
		assertGuard(() -> previewAlice(DemoData.PRO_EUR, PlanChangeOptions.defaults()),
				PlanChangeException.Reason.CURRENCY_MISMATCH, "(CURRENCY_MISMATCH)");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan/preview")).hasSize(1);
	}

	@Test
	void aDoubleClickedChangeIsSentOnceAndChargedOnce() throws Exception {
		this.dodo.faults().delayNext("POST /subscriptions/{id}/change-plan", Duration.ofMillis(500), 1);
		PlanChangeOptions fullPrice = PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY);
		int clicks = 8;
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clicks);
		List<Future<Object>> results = new ArrayList<>();
		for (int i = 0; i < clicks; i++) {
			results.add(pool.submit(() -> {
				go.await();
				try {
					return this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1, fullPrice);
				}
				catch (PlanChangeException ex) {
					return ex.reason();
				}
			}));
		}
		go.countDown();
		List<Object> outcomes = new ArrayList<>();
		for (Future<Object> result : results) {
			outcomes.add(result.get(10, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(outcomes).filteredOn(PlanChangeOutcome.class::isInstance)
			.singleElement()
			.extracting((outcome) -> ((PlanChangeOutcome) outcome).status())
			.isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(outcomes).filteredOn((outcome) -> !(outcome instanceof PlanChangeOutcome))
			.hasSize(clicks - 1)
			.allMatch((reason) -> reason == PlanChangeException.Reason.CHANGE_PENDING
					|| reason == PlanChangeException.Reason.SAME_PLAN);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(8000L);
	}

	@Test
	void aTimedOutChangeIsPendingAndNeverResent() {
		this.plans = service(Duration.ofMillis(300));
		this.dodo.faults().delayNext("POST /subscriptions/{id}/change-plan", Duration.ofMillis(1500), 1);
		PlanChangeOutcome outcome = this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults());
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.PENDING);
		assertThat(outcome.quote().chargeNow().amount()).isEqualTo(5000);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void aDeclinedUpgradeChargeIsReportedNotRetried() {
		this.dodo.customer("cus_d", "d@example.com", "D", SimCard.working("pm_d").behaving(CardBehaviour.DECLINES))
			.subscription("sub_d", "cus_d", DemoData.BASIC);
		PlanChangeOutcome outcome = this.plans.change("cus_d", "sub_d", DemoData.PRO, 1,
				PlanChangeOptions.defaults().onFailure(OnPaymentFailure.PREVENT_CHANGE));
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.PAYMENT_FAILED);
		assertThat(outcome.paymentId()).isNotNull();
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::status).isEqualTo("failed");
		assertThat(this.dodo.subscription("sub_d").orElseThrow().productId()).isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	private static void assertGuard(Runnable call, PlanChangeException.Reason reason, String message) {
		assertThatExceptionOfType(PlanChangeException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.reason()).isEqualTo(reason);
			assertThat(ex.getMessage()).contains(message);
		});
	}

	@Test
	void aPlanChangeKeepsThePaidAddonsUnlessTheCallerSetsThem() {
		this.dodo.addon(new SimAddon("add_seat", "Extra seat", 1000, "USD"))
			.subscriptionAddons(DemoData.ALICE_SUBSCRIPTION, Map.of("add_seat", 2))
			.subscriptionAddons(DemoData.BOB_SUBSCRIPTION, Map.of("add_seat", 1));
		this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.mode(ProrationMode.DO_NOT_BILL));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().addons()).containsExactly(
				Map.entry("add_seat", 2));
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan").get(0).body())
			.contains("\"addons\":[{\"addon_id\":\"add_seat\",\"quantity\":2}]");
		this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
				new PlanChangeOptions(ProrationMode.DO_NOT_BILL, null, null, List.of(), Map.of(), null));
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().addons()).isEmpty();
	}

	@Test
	void aFailedUpgradeChargeKeepsThePlanUnlessTheHostChoosesApplyChange() {
		this.dodo.customer("cus_d", "d@example.com", "D", SimCard.working("pm_d").behaving(CardBehaviour.DECLINES))
			.subscription("sub_d", "cus_d", DemoData.BASIC)
			.subscription("sub_d2", "cus_d", DemoData.BASIC);
		PlanChangeOutcome kept = this.plans.change("cus_d", "sub_d", DemoData.PRO, 1, PlanChangeOptions.defaults());
		assertThat(kept.status()).isEqualTo(PlanChangeOutcome.Status.PAYMENT_FAILED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan").get(0).body())
			.contains("\"on_payment_failure\":\"prevent_change\"");
		assertThat(this.dodo.subscription("sub_d").orElseThrow().productId()).isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.subscription("sub_d").orElseThrow().status()).isEqualTo("active");

		PlanChangeOutcome applied = this.plans.change("cus_d", "sub_d2", DemoData.PRO, 1,
				PlanChangeOptions.defaults().onFailure(OnPaymentFailure.APPLY_CHANGE));
		assertThat(applied.status()).isEqualTo(PlanChangeOutcome.Status.PAYMENT_FAILED);
		assertThat(this.dodo.subscription("sub_d2").orElseThrow().productId()).isEqualTo(DemoData.PRO);
		assertThat(this.dodo.subscription("sub_d2").orElseThrow().status()).isEqualTo("on_hold");
	}

	@Test
	void anotherCustomersRequestsForMySubscriptionNeverHoldItsGuard() throws Exception {
		// the stranger's ownership check is slow; before the fix it held Bob's guard meanwhile
		this.dodo.faults().delayNext("GET /subscriptions/{id}", Duration.ofMillis(600), 1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		Future<?> stranger = pool.submit(() -> assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> this.plans.change(DemoData.ALICE, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
					PlanChangeOptions.defaults()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.SUBSCRIPTION_NOT_FOUND)));
		// the stranger's slow read has reached Dodo (recorded on arrival): only then is the race exercised
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> this.dodo.requests("GET /subscriptions/{id}").stream().anyMatch((request) -> request.status() == 0));
		PlanChangeOutcome own = this.plans.change(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM, 1,
				PlanChangeOptions.defaults());
		assertThat(own.status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		stranger.get(5, TimeUnit.SECONDS);
		pool.shutdown();
	}

	@Test
	void aChangePinnedToItsQuoteIsRefusedWithTheNewQuoteWhenTheChargeMovedAndNothingIsSent() {
		PlanChangeOptions prorated = PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY);
		PlanChangeQuote seen = previewAlice(DemoData.PRO, prorated);
		assertThat(seen.quoteId()).startsWith("q_");
		assertThat(seen.chargeNow().amount()).isEqualTo(2500);
		// three days pass before the customer clicks: the prorated charge is smaller now
		this.dodo.clock().advance(Duration.ofDays(3));
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
					prorated.quote(seen.quoteId())))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.QUOTE_CHANGED);
				assertThat(ex.quote().chargeNow().amount()).isEqualTo(2000);
				assertThat(ex.quote().quoteId()).isNotEqualTo(seen.quoteId());
			});
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
		PlanChangeQuote now = previewAlice(DemoData.PRO, prorated);
		PlanChangeOutcome outcome = this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				prorated.quote(now.quoteId()));
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(2000L);
	}

	@Test
	void anExpiredQuoteIsRefusedWithTheNewOne() {
		dev.upsell.offer.MutableClock clock = new dev.upsell.offer.MutableClock(Instant.now());
		PlanChangeService plans = new PlanChangeService(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)),
				ProrationMode.DIFFERENCE_IMMEDIATELY, this::observe, null, clock, Duration.ofMinutes(10));
		PlanChangeQuote seen = plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults());
		clock.advance(Duration.ofMinutes(11));
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
					PlanChangeOptions.defaults().quote(seen.quoteId())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.QUOTE_EXPIRED));
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
					PlanChangeOptions.defaults().quote("q_forged")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.INVALID_OPTIONS));
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	private PlanChangeService keyed(byte[] key, Duration ttl, dev.upsell.offer.MutableClock clock, PlanChangePolicy policy) {
		return new PlanChangeService(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)), policy, this::observe,
				null, clock, ttl, key);
	}

	@Test
	void aQuoteSignedWithAnotherDeploymentsKeyIsRefusedAndNothingIsSent() {
		dev.upsell.offer.MutableClock clock = new dev.upsell.offer.MutableClock(Instant.now());
		PlanChangePolicy policy = PlanChangePolicy.uniform(ProrationMode.DIFFERENCE_IMMEDIATELY);
		PlanChangeService ours = keyed("our-deployment-key-0123456789".getBytes(), Duration.ofMinutes(10), clock, policy);
		PlanChangeService theirs = keyed("another-deployment-key-987654".getBytes(), Duration.ofMinutes(10), clock, policy);
		PlanChangeQuote foreign = theirs.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults());
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> ours.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
					PlanChangeOptions.defaults().quote(foreign.quoteId())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.QUOTE_CHANGED));
		// the same key on another instance (a rolling deploy) accepts it
		PlanChangeService sibling = keyed("another-deployment-key-987654".getBytes(), Duration.ofMinutes(10), clock, policy);
		assertThat(sibling.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults().quote(foreign.quoteId())).status()).isEqualTo(PlanChangeOutcome.Status.CHARGED);
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void aQuoteIsValidForTheServersQuoteLifetimeNotTheExpiryItCarries() {
		dev.upsell.offer.MutableClock clock = new dev.upsell.offer.MutableClock(Instant.now());
		byte[] key = "one-deployment-key-0123456789".getBytes();
		PlanChangePolicy policy = PlanChangePolicy.uniform(ProrationMode.DIFFERENCE_IMMEDIATELY);
		PlanChangeQuote longLived = keyed(key, Duration.ofDays(30), clock, policy).preview(DemoData.ALICE,
				DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1, PlanChangeOptions.defaults());
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> keyed(key, Duration.ofMinutes(10), clock, policy).change(DemoData.ALICE,
					DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1, PlanChangeOptions.defaults().quote(longLived.quoteId())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PlanChangeException.Reason.QUOTE_EXPIRED));
		assertThatExceptionOfType(PlanChangeException.class)
			.isThrownBy(() -> keyed(key, Duration.ofMinutes(10), clock, policy).change(DemoData.BOB,
					DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1, PlanChangeOptions.defaults().quote(longLived.quoteId())))
			.satisfies((ex) -> assertThat(ex.reason()).isIn(PlanChangeException.Reason.QUOTE_EXPIRED,
					PlanChangeException.Reason.QUOTE_CHANGED));
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	@Test
	void theMerchantsPolicyDecidesWhatTheCallerLeavesOpenAndHostCodeMayStillChoose() {
		PlanChangeTerms downgradeAtRenewal = new PlanChangeTerms(ProrationMode.FULL_IMMEDIATELY,
				EffectiveAt.NEXT_BILLING_DATE, OnPaymentFailure.PREVENT_CHANGE);
		PlanChangePolicy policy = new PlanChangePolicy(PlanChangeTerms.immediately(ProrationMode.PRORATED_IMMEDIATELY),
				downgradeAtRenewal, PlanChangeTerms.immediately(ProrationMode.DIFFERENCE_IMMEDIATELY));
		PlanChangeService plans = keyed("policy-test-key-0123456789ab".getBytes(), Duration.ofMinutes(10),
				new dev.upsell.offer.MutableClock(Instant.now()), policy);
		assertThat(plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults()).prorationMode()).isEqualTo(ProrationMode.PRORATED_IMMEDIATELY);
		PlanChangeQuote down = plans.preview(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.defaults());
		assertThat(down.effectiveAt()).isEqualTo(EffectiveAt.NEXT_BILLING_DATE);
		assertThat(down.prorationMode()).isEqualTo(ProrationMode.FULL_IMMEDIATELY);
		// the Java API keeps taking options from host code
		assertThat(plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY)).chargeNow()).isEqualTo(new Money(8000, "USD"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PlanChangeTerms(ProrationMode.PRORATED_IMMEDIATELY, EffectiveAt.NEXT_BILLING_DATE,
					OnPaymentFailure.PREVENT_CHANGE))
			.withMessageContaining("full-immediately");
	}

	@Test
	void anUpsellBuiltWithoutAQuoteKeyStillBillsEachDirectionByTheMerchantsPolicy() {
		PlanChangeTerms downgradeAtRenewal = new PlanChangeTerms(ProrationMode.FULL_IMMEDIATELY,
				EffectiveAt.NEXT_BILLING_DATE, OnPaymentFailure.PREVENT_CHANGE);
		PlanChangePolicy policy = new PlanChangePolicy(PlanChangeTerms.immediately(ProrationMode.PRORATED_IMMEDIATELY),
				downgradeAtRenewal, PlanChangeTerms.immediately(ProrationMode.DIFFERENCE_IMMEDIATELY));
		PlanChangeService plans = Upsell.builder(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)))
			.planChangePolicy(policy)
			.build()
			.planChanges();

		PlanChangeQuote up = plans.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1,
				PlanChangeOptions.defaults());
		PlanChangeQuote down = plans.preview(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.BASIC, 1,
				PlanChangeOptions.defaults());

		assertThat(up.prorationMode()).isEqualTo(ProrationMode.PRORATED_IMMEDIATELY);
		assertThat(down.prorationMode()).isEqualTo(ProrationMode.FULL_IMMEDIATELY);
		assertThat(down.effectiveAt()).isEqualTo(EffectiveAt.NEXT_BILLING_DATE);
		assertThat(up.quoteId()).as("quotes are signed with a random key").isNotBlank();
	}

	@Test
	void withCollectViaPaymentLinkAChangeThatNeedsTheCustomerComesWithDodosPaymentLink() {
		this.dodo.customer("cus_link", "link@example.com", "Lin",
				SimCard.working("pm_link").behaving(CardBehaviour.REQUIRES_AUTHENTICATION));
		this.dodo.subscription("sub_link", "cus_link", DemoData.BASIC);
		PlanChangeTerms now = PlanChangeTerms.immediately(ProrationMode.DIFFERENCE_IMMEDIATELY);
		PlanChangeService plans = keyed("link-test-key-0123456789abcd".getBytes(), Duration.ofMinutes(10),
				new dev.upsell.offer.MutableClock(Instant.now()), new PlanChangePolicy(now, now, now, true));
		PlanChangeOutcome outcome = plans.change("cus_link", "sub_link", DemoData.PRO, 1, PlanChangeOptions.defaults());
		assertThat(outcome.status()).isEqualTo(PlanChangeOutcome.Status.PAYMENT_REQUIRED);
		assertThat(outcome.paymentLink()).isNotBlank();
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"collect_via_payment_link\":true"));
	}

	@Test
	void aPlanChangeAlwaysSendsItsOwnMetadataSoItsPaymentNeverInheritsAnOffersId() {
		this.plans.change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO, 1, PlanChangeOptions.defaults());
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"metadata\":{\"upsell_plan_change\":\""
					+ DemoData.ALICE_SUBSCRIPTION + "\"}"));
		assertThat(this.dodo.charges()).singleElement()
			.satisfies((charge) -> assertThat(charge.metadata()).doesNotContainKey("offer_id"));
	}

}
