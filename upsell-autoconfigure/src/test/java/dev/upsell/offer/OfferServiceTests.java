package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.RecordedRequest;
import dev.upsell.test.simulator.SimPayment;
import dev.upsell.test.simulator.SimProduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OfferServiceTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	static final OfferRule COACHING_UPSELL = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
			OfferKind.UPSELL, 1, DemoData.WORKBOOK, ChargeMethod.CHECKOUT_SESSION);

	static final OfferRule TEMPLATES_CROSS_SELL = new OfferRule("templates", DemoData.COURSE, DemoData.TEMPLATES,
			OfferKind.CROSS_SELL, 1, null, ChargeMethod.ONE_TIME_PAYMENT);

	private final DodoSimulator dodo = simulator.simulator();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final InMemoryOfferRepository repository = new InMemoryOfferRepository();

	private final List<OfferStatus[]> changes = new CopyOnWriteArrayList<>();

	private TestOffers parts = parts(List.of(COACHING_UPSELL), Duration.ofSeconds(2));

	private OfferService service = this.parts.service();

	private TestOffers parts(List<OfferRule> rules, Duration readTimeout) {
		DodoClient client = TestDodoClients.client(this.dodo, "", readTimeout);
		return TestOffers.with(this.repository, client, this.clock).rules(rules).events((event) -> {
			if (event instanceof OfferChanged changed) {
				this.changes.add(new OfferStatus[] {
						(changed.before() != null) ? changed.before().status() : null, changed.after().status() });
			}
		}).build();
	}

	private OfferService service(List<OfferRule> rules, Duration readTimeout) {
		this.parts = parts(rules, readTimeout);
		return this.parts.service();
	}

	private Offer presentCoaching(String customerId) {
		List<Offer> offers = this.service.present(customerId, DemoData.COURSE, TestPurchases.of("order_1"));
		assertThat(offers).hasSize(1);
		return offers.get(0);
	}

	// ---- presenting -------------------------------------------------------------------------------

	@Test
	void presentsOneOfferPerMatchingRuleWithTheProductsPrice() {
		this.service = service(List.of(COACHING_UPSELL, TEMPLATES_CROSS_SELL), Duration.ofSeconds(2));
		List<Offer> offers = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1"));
		assertThat(offers).extracting(Offer::kind, Offer::productId, Offer::price)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(OfferKind.UPSELL, DemoData.COACHING, new Money(9900, "USD")),
					org.assertj.core.groups.Tuple.tuple(OfferKind.CROSS_SELL, DemoData.TEMPLATES, new Money(2900, "USD")));
		assertThat(offers).allSatisfy((offer) -> {
			assertThat(offer.id()).matches("off_[0-9a-f]{32}");
			assertThat(offer.status()).isEqualTo(OfferStatus.PRESENTED);
			assertThat(offer.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
			assertThat(offer.triggerReference()).isEqualTo("order_1");
		});
		assertThat(this.service.offersFor(DemoData.ALICE)).hasSize(2);
	}

	@Test
	void presentsNothingWhenNoRuleMatchesOrAnOfferIsAlreadyOpen() {
		assertThat(this.service.present(DemoData.ALICE, DemoData.PRO, TestPurchases.of(null))).isEmpty();
		presentCoaching(DemoData.ALICE);
		assertThat(this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_2"))).isEmpty();
	}

	@Test
	void offerIdsAreUnguessable() {
		// needs a kind simulator: this load is far past the rate limit a real Dodo account has
		this.dodo.modes().rateLimit(0);
		Set<String> ids = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 200; i++) {
			ids.add(this.service.present("cus_" + i, DemoData.COURSE, TestPurchases.of(null)).get(0).id());
		}
		assertThat(ids).hasSize(200).allMatch((id) -> id.matches("off_[0-9a-f]{32}"));
	}

	// ---- accepting --------------------------------------------------------------------------------

	@Test
	void acceptingChargesTheSavedCardInOneClick() {
		Offer offer = presentCoaching(DemoData.ALICE);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());

		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		SimPayment charge = this.dodo.charges().get(0);
		assertThat(this.dodo.charges()).hasSize(1);
		assertThat(result.paymentId()).isEqualTo(charge.paymentId());
		assertThat(charge.totalAmount()).isEqualTo(9900);
		assertThat(charge.paymentMethodId()).isEqualTo("pm_alice_visa");
		assertThat(charge.metadata()).containsEntry("offer_id", offer.id())
			.containsEntry("offer_kind", "upsell")
			.containsEntry("rule_id", "coaching")
			.containsEntry("trigger_reference", "order_1")
			.containsEntry("trigger_product", DemoData.COURSE);
		RecordedRequest request = this.dodo.requests("POST /checkouts").get(0);
		assertThat(request.body()).contains("\"confirm\":true", "\"payment_method_id\":\"pm_alice_visa\"",
				"\"redirect_immediately\":true", "\"return_url\":\"https://shop.example/thanks\"");
		Offer converted = this.service.find(DemoData.ALICE, offer.id()).orElseThrow();
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(converted.paidAmount()).isEqualTo(9900);
	}

	@Test
	void theBillingAddressOfThePurchasesDodoPaymentGoesWithTheConfirmedCheckoutSession() {
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		String purchase = client.createPayment(new dev.upsell.dodo.OneTimePaymentRequest(
				new dev.upsell.dodo.BillingAddress("DE", "Berlin", "BE", "Unter den Linden 1", "10117"),
				dev.upsell.dodo.CustomerRef.existing(DemoData.ALICE), List.of(dev.upsell.dodo.CartItem.of(DemoData.COURSE, 1)),
				"pm_alice_visa", null, null, null, null)).paymentId();
		Offer offer = this.service.present(DemoData.ALICE, DemoData.COURSE,
				PurchaseContext.of("order_9").withDodoPayment(purchase)).get(0);
		assertThat(this.service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.requests("POST /checkouts")).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"billing_address\":{\"country\":\"DE\"",
					"\"street\":\"Unter den Linden 1\"", "\"zipcode\":\"10117\""));
	}

	@Test
	void whatTheCustomerBoughtThroughAnOfferIsNotOfferedAgain() {
		Offer coaching = presentCoaching(DemoData.ALICE);
		assertThat(this.service.accept(DemoData.ALICE, coaching.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_2"))).isEmpty();
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void skipOwnedCanBeTurnedOffAndTheHostCanAddItsOwnOwnershipCheck() {
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		OfferSettings keepOffering = new OfferSettings(Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofSeconds(10),
				Duration.ofHours(24), Duration.ofDays(7), false);
		this.service = TestOffers.with(this.repository, client, this.clock)
			.rules(List.of(COACHING_UPSELL))
			.returnUrl(null)
			.settings(keepOffering)
			.build()
			.service();
		Offer coaching = presentCoaching(DemoData.ALICE);
		this.service.accept(DemoData.ALICE, coaching.id());
		assertThat(this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_2"))).hasSize(1);

		OfferService withHostCheck = TestOffers.with(this.repository, client, this.clock)
			.rules(List.of(COACHING_UPSELL))
			.returnUrl(null)
			.owned((customerId, productId) -> customerId.equals(DemoData.BOB) && productId.equals(DemoData.COACHING))
			.build()
			.service();
		assertThat(withHostCheck.present(DemoData.BOB, DemoData.COURSE, TestPurchases.of("order_3"))).isEmpty();
	}

	@Test
	void thePriceShownIsThePriceCharged() {
		this.dodo.product(SimProduct.oneTime("prod_taxed", "Taxed", 10000, "USD").taxed(1800, false))
			.product(SimProduct.oneTime("prod_sale", "Sale", 10000, "USD").discounted(2500))
			.product(SimProduct.oneTime("prod_tip", "Tip jar", 500, "USD").asPayWhatYouWant())
			.product(SimProduct.usageBased("prod_metered", "API calls", 0, "USD"));
		List<OfferRule> rules = java.util.stream.Stream.of("prod_taxed", "prod_sale", "prod_tip", "prod_metered")
			.map((product) -> new OfferRule(product, DemoData.COURSE, product, OfferKind.CROSS_SELL, 1, null,
					ChargeMethod.CHECKOUT_SESSION))
			.toList();
		this.service = service(rules, Duration.ofSeconds(2));
		List<Offer> offers = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_p"));
		// usage-based products have no price to offer
		assertThat(offers).extracting(Offer::productId).containsExactlyInAnyOrder("prod_taxed", "prod_sale", "prod_tip");
		for (Offer offer : offers) {
			dev.upsell.web.OfferView view = dev.upsell.web.OfferView.of(offer);
			AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
			assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
			SimPayment charge = this.dodo.charges().stream()
				.filter((c) -> c.paymentId().equals(result.paymentId()))
				.findFirst()
				.orElseThrow();
			switch (offer.productId()) {
				case "prod_taxed" -> {
					// Dodo's preview for the buyer's address: the tax Dodo adds is in the price shown
					assertThat(view.displayPrice()).isEqualTo("$118.00");
					assertThat(charge.totalAmount()).isEqualTo(11800);
				}
				case "prod_sale" -> {
					assertThat(view.displayPrice()).isEqualTo("$75.00");
					assertThat(charge.totalAmount()).isEqualTo(7500);
				}
				default -> {
					assertThat(view.displayPrice()).isEqualTo("$5.00");
					assertThat(charge.totalAmount()).isEqualTo(500);
				}
			}
		}
	}

	@Test
	void crossSellsCanUseAOneTimePayment() {
		this.service = service(List.of(TEMPLATES_CROSS_SELL), Duration.ofSeconds(2));
		Offer offer = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of(null)).get(0);
		assertThat(this.service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.requests("POST /payments")).hasSize(1);
		assertThat(this.dodo.requests("POST /checkouts")).isEmpty();
		assertThat(this.dodo.charges()).singleElement()
			.satisfies((charge) -> assertThat(charge.metadata()).containsEntry("offer_kind", "cross_sell"));
	}

	@Test
	void tenConcurrentPurchasesPresentOneOpenOfferPerRuleSoNoneIsChargedTwice() throws Exception {
		this.dodo.faults().latency(Duration.ofMillis(20));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(10);
		List<Future<List<Offer>>> results = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String order = "order_" + i;
			results.add(pool.submit(() -> {
				start.await();
				return this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of(order));
			}));
		}
		start.countDown();
		List<Offer> presented = new ArrayList<>();
		for (Future<List<Offer>> result : results) {
			presented.addAll(result.get(30, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(presented).hasSize(1);
		assertThat(this.service.offersFor(DemoData.ALICE)).hasSize(1);
		this.service.accept(DemoData.ALICE, presented.get(0).id());
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void fiftyThreadsAcceptingOneOfferChargeExactlyOnceAndAllSeeTheSamePayment() throws Exception {
		// needs a kind simulator: this load is far past the rate limit a real Dodo account has
		this.dodo.modes().rateLimit(0);
		Offer offer = presentCoaching(DemoData.ALICE);
		this.dodo.faults().latency(Duration.ofMillis(20));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			results.add(pool.submit(() -> {
				start.await();
				try {
					return this.service.accept(DemoData.ALICE, offer.id()).paymentId();
				}
				catch (OfferAlreadySettledException ex) {
					return ex.result().paymentId();
				}
			}));
		}
		start.countDown();
		Set<String> paymentIds = ConcurrentHashMap.newKeySet();
		for (Future<String> result : results) {
			paymentIds.add(result.get(30, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(this.dodo.charges()).hasSize(1);
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(paymentIds).containsExactly(this.dodo.charges().get(0).paymentId());
		assertThat(this.changes).extracting((change) -> change[1])
			.containsExactly(OfferStatus.PRESENTED, OfferStatus.ACCEPTED, OfferStatus.ACCEPTED, OfferStatus.CONVERTED);
	}

	@Test
	void anotherCustomerCannotSeeAcceptOrDeclineAnOffer() {
		Offer offer = presentCoaching(DemoData.ALICE);
		assertThatExceptionOfType(OfferNotFoundException.class)
			.isThrownBy(() -> this.service.accept(DemoData.BOB, offer.id()))
			.withMessage("No offer " + offer.id());
		assertThatExceptionOfType(OfferNotFoundException.class)
			.isThrownBy(() -> this.service.decline(DemoData.BOB, offer.id()));
		assertThat(this.service.find(DemoData.BOB, offer.id())).isEmpty();
		assertThat(this.service.offersFor(DemoData.BOB)).isEmpty();
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.PRESENTED);
	}

	@Test
	void anExpiredOfferIsGone() {
		Offer offer = presentCoaching(DemoData.ALICE);
		this.clock.advance(Duration.ofMinutes(30));
		assertThatExceptionOfType(OfferGoneException.class).isThrownBy(() -> this.service.accept(DemoData.ALICE, offer.id()))
			.withMessageContaining("expired");
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.EXPIRED);
		assertThat(this.service.offersFor(DemoData.ALICE)).isEmpty();
		// nothing charged: only the price preview was asked for, when the offer was shown
		assertThat(this.dodo.requests()).noneMatch((request) -> request.operation().equals("POST /checkouts")
				|| request.operation().equals("POST /payments"));
	}

	@Test
	void acceptingAfterDeclineIsGoneAndAfterConversionReturnsTheResult() {
		Offer declined = presentCoaching(DemoData.ALICE);
		this.service.decline(DemoData.ALICE, declined.id());
		assertThatExceptionOfType(OfferGoneException.class)
			.isThrownBy(() -> this.service.accept(DemoData.ALICE, declined.id()))
			.withMessageContaining("declined");

		Offer bobs = presentCoaching(DemoData.BOB);
		String paymentId = this.service.accept(DemoData.BOB, bobs.id()).paymentId();
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> this.service.accept(DemoData.BOB, bobs.id()))
			.satisfies((ex) -> {
				assertThat(ex.result().outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
				assertThat(ex.result().paymentId()).isEqualTo(paymentId);
			});
		assertThat(this.dodo.charges()).hasSize(1);
	}

	// ---- declining and downsells -----------------------------------------------------------------

	@Test
	void decliningPresentsTheDownsellWhichCanBeAccepted() {
		Offer offer = presentCoaching(DemoData.ALICE);
		DeclineResult declined = this.service.decline(DemoData.ALICE, offer.id());
		assertThat(declined.declined().status()).isEqualTo(OfferStatus.DECLINED);
		Offer downsell = declined.downsell();
		assertThat(downsell).isNotNull();
		assertThat(downsell.kind()).isEqualTo(OfferKind.DOWNSELL);
		assertThat(downsell.productId()).isEqualTo(DemoData.WORKBOOK);
		assertThat(downsell.price()).isEqualTo(new Money(1900, "USD"));
		assertThat(downsell.parentOfferId()).isEqualTo(offer.id());
		assertThat(this.service.decline(DemoData.ALICE, offer.id()).downsell().id()).isEqualTo(downsell.id());

		assertThat(this.service.accept(DemoData.ALICE, downsell.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.totalAmount()).isEqualTo(1900);
			assertThat(charge.metadata()).containsEntry("offer_kind", "downsell");
		});
	}

	@Test
	void aDeclinedDownsellEndsTheFunnelAndADeclinedOfferIsNotPresentedAgainInTheWindow() {
		Offer offer = presentCoaching(DemoData.ALICE);
		Offer downsell = this.service.decline(DemoData.ALICE, offer.id()).downsell();
		assertThat(this.service.decline(DemoData.ALICE, downsell.id()).downsell()).isNull();

		this.clock.advance(Duration.ofDays(6));
		assertThat(this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_2"))).isEmpty();
		this.clock.advance(Duration.ofDays(2));
		assertThat(this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_3"))).hasSize(1);
	}

	// ---- fallbacks --------------------------------------------------------------------------------

	@Test
	void noSavedCardRedirectsToCheckout() {
		assertRedirected(DemoData.NO_CARD_CUSTOMER, "NO_SAVED_PAYMENT_METHOD", 0);
	}

	@Test
	void anExpiredCardRedirectsToCheckout() {
		assertRedirected(DemoData.EXPIRED_CARD_CUSTOMER, "CARD_EXPIRED", 0);
	}

	@Test
	void aCardDodoRefusesForTheCurrencyIsTriedOnceThenRedirected() {
		// no invented currency rule: Dodo decides, and its refusal falls back to the checkout link
		assertRedirected(DemoData.EUR_CARD_CUSTOMER, "CURRENCY_NOT_SUPPORTED", 1);
	}

	@Test
	void theIssuingCountryCurrencyGuessIsOptIn() {
		this.service = TestOffers
			.with(this.repository, TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)), this.clock)
			.rules(List.of(COACHING_UPSELL))
			.selector(new FirstEligiblePaymentMethod(true))
			.build()
			.service();
		assertRedirected(DemoData.EUR_CARD_CUSTOMER, "CURRENCY_MISMATCH", 0);
	}

	@Test
	void aDecliningCardIsChargedOnceThenRedirectedNeverRetried() {
		assertRedirected(DemoData.DECLINING_CARD_CUSTOMER, "CARD_DECLINED", 1);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::status).isEqualTo("failed");
	}

	@Test
	void aRefusedChargeIsRedirectedNotRetried() {
		this.dodo.faults().failNext("POST /checkouts", 422, 1);
		Offer offer = presentCoaching(DemoData.ALICE);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(result.reason()).isEqualTo("UNPROCESSABLE_ENTITY");
		List<RecordedRequest> posts = this.dodo.requests("POST /checkouts");
		assertThat(posts).hasSize(2);
		assertThat(posts.get(1).body()).doesNotContain("payment_method_id").doesNotContain("\"confirm\"");
		assertThat(this.dodo.charges()).isEmpty();
	}

	private void assertRedirected(String customerId, String reason, int charges) {
		Offer offer = presentCoaching(customerId);
		AcceptResult result = this.service.accept(customerId, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(result.reason()).isEqualTo(reason);
		assertThat(result.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(result.offer().status()).isEqualTo(OfferStatus.REDIRECTED);
		assertThat(this.dodo.charges()).hasSize(charges);
		assertThat(this.service.offersFor(customerId)).extracting(Offer::status).containsExactly(OfferStatus.REDIRECTED);
	}

	// ---- unknown outcomes ------------------------------------------------------------------------

	@Test
	void a500OnTheChargeLeavesTheOfferAcceptedAndItIsNeverChargedAgain() {
		this.dodo.faults().failNext("POST /checkouts", 500, 1);
		Offer offer = presentCoaching(DemoData.ALICE);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThat(result.reason()).isEqualTo("OUTCOME_UNKNOWN");
		assertThat(result.offer().status()).isEqualTo(OfferStatus.ACCEPTED);
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> this.service.accept(DemoData.ALICE, offer.id()))
			.satisfies((ex) -> assertThat(ex.result().outcome()).isEqualTo(AcceptResult.Outcome.PENDING));
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void aTimedOutChargeIsNotRetriedAndReconciliationFindsThePayment() {
		this.service = service(List.of(COACHING_UPSELL), Duration.ofMillis(300));
		this.dodo.faults().delayNext("POST /checkouts", Duration.ofMillis(1500), 1);
		Offer offer = presentCoaching(DemoData.ALICE);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(this.dodo.charges()).hasSize(1);

		OfferReconciler reconciler = this.parts.reconciler(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)), this.clock, Duration.ofMinutes(2), Duration.ofHours(24));
		assertThat(reconciler.reconcile(10)).isZero();
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(reconciler.reconcile(10)).isEqualTo(1);
		Offer settled = this.service.find(DemoData.ALICE, offer.id()).orElseThrow();
		assertThat(settled.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(settled.paymentId()).isEqualTo(this.dodo.charges().get(0).paymentId());
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
	}

	@Test
	void reconciliationGivesUpWhenNoPaymentExists() {
		this.dodo.faults().failNext("POST /checkouts", 503, 1);
		Offer offer = presentCoaching(DemoData.ALICE);
		this.service.accept(DemoData.ALICE, offer.id());
		OfferReconciler reconciler = this.parts.reconciler(TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)), this.clock, Duration.ofMinutes(2), Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(reconciler.reconcile(10)).isZero();
		this.clock.advance(Duration.ofHours(1));
		assertThat(reconciler.reconcile(10)).isEqualTo(1);
		Offer failed = this.service.find(DemoData.ALICE, offer.id()).orElseThrow();
		assertThat(failed.status()).isEqualTo(OfferStatus.FAILED);
		assertThat(failed.failureReason()).isEqualTo("NO_PAYMENT_FOUND");
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
	}

	@Test
	void whenSavedMethodsCannotBeListedNothingIsChargedAndTheOfferStaysOpen() {
		this.dodo.faults().failNext("GET /customers/{id}/payment-methods", 503, 3);
		Offer offer = presentCoaching(DemoData.ALICE);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> this.service.accept(DemoData.ALICE, offer.id()));
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.PRESENTED);
		assertThat(this.service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
	}

	// ---- settlement and housekeeping -------------------------------------------------------------

	@Test
	void settlementNeverMovesAnOfferBackwards() {
		this.dodo.faults().failNext("GET /payments/{id}", 500, 3);
		Offer offer = presentCoaching(DemoData.ALICE);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		dev.upsell.dodo.Payment payment = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2))
			.getPayment(result.paymentId());

		assertThat(this.parts.settlement().paymentSucceeded(offer.id(), payment).orElseThrow().status())
			.isEqualTo(OfferStatus.CONVERTED);
		dev.upsell.dodo.Payment failed = new dev.upsell.dodo.Payment(payment.paymentId(),
				dev.upsell.dodo.PaymentStatus.FAILED, payment.totalAmount(), payment.currency(), payment.customer(),
				payment.metadata(), null, null, null, null, null, "CARD_DECLINED", null, null, null);
		assertThat(this.parts.settlement().paymentFailed(offer.id(), failed).orElseThrow().status())
			.isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.parts.settlement().paymentSucceeded(offer.id(), payment).orElseThrow().version())
			.isEqualTo(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().version());
		assertThat(this.parts.settlement().refunded("ref_1", payment.paymentId(), 1000).orElseThrow().refundedAmount()).isEqualTo(1000);
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().refundedAmount()).isEqualTo(1000);
		assertThat(this.changes).filteredOn((change) -> change[0] != change[1] && change[1] == OfferStatus.CONVERTED)
			.hasSize(1);
	}

	@Test
	void aConversionAndAFailureArePublishedOnceEachForTheHostToFulfilOrFollowUp() {
		List<Object> events = new CopyOnWriteArrayList<>();
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		TestOffers offers = TestOffers.with(this.repository, client, this.clock)
			.rules(List.of(COACHING_UPSELL))
			.events(events::add)
			.build();
		Offer paid = offers.service().present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		offers.service().accept(DemoData.ALICE, paid.id());
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> offers.service().accept(DemoData.ALICE, paid.id()));
		this.dodo.faults().failNext("POST /checkouts", 503, 1);
		Offer lost = offers.service().present(DemoData.BOB, DemoData.COURSE, TestPurchases.of("order_2")).get(0);
		offers.service().accept(DemoData.BOB, lost.id());
		OfferReconciler reconciler = offers.reconciler(client, this.clock, Duration.ofMinutes(2), Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(2));
		reconciler.reconcile(10);
		reconciler.reconcile(10);

		assertThat(events).filteredOn(OfferConverted.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((OfferConverted) event).offer().id()).isEqualTo(paid.id()));
		assertThat(events).filteredOn(OfferFailed.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((OfferFailed) event).offer().failureReason()).isEqualTo("NO_PAYMENT_FOUND"));
	}

	@Test
	void housekeepingExpiresAndThenPurges() {
		presentCoaching(DemoData.ALICE);
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.parts.housekeeping().run(100)).isEqualTo(1);
		assertThat(this.repository.findByCustomer(DemoData.ALICE)).extracting(Offer::status)
			.containsExactly(OfferStatus.EXPIRED);
		this.clock.advance(Duration.ofDays(8));
		this.parts.housekeeping().run(100);
		assertThat(this.repository.size()).isZero();
	}

}
