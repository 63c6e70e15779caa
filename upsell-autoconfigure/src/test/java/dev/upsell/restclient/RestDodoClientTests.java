package dev.upsell.restclient;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.client.RestClient;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.FeatureFlags;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.restclient.internal.ReadRetryInterceptor;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.RecordedRequest;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RestDodoClientTests {

	private static final String API_KEY = "sk_test_do_not_print_me";

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension(
			DodoSimulator.builder().requireApiKey(API_KEY));

	private final DodoSimulator dodo = simulator.simulator();

	/** Generous: these tests are not about timeouts (those make their own impatient clients). */
	private final DodoClient client = client(API_KEY, Duration.ofSeconds(10));

	private DodoClient client(String apiKey, Duration readTimeout) {
		return TestDodoClients.client(this.dodo, apiKey, readTimeout);
	}

	@Test
	void listsSavedCardsWithTheirExpiry() {
		List<PaymentMethod> methods = this.client.listPaymentMethods(DemoData.ALICE);
		assertThat(methods).singleElement().satisfies((method) -> {
			assertThat(method.paymentMethodId()).isEqualTo("pm_alice_visa");
			assertThat(method.paymentMethod()).isEqualTo("card");
			assertThat(method.recurringEnabled()).isTrue();
			assertThat(method.card().last4Digits()).isEqualTo("4242");
			assertThat(method.card().cardNetwork()).isEqualTo("Visa");
			assertThat(method.card().expiry()).contains(YearMonth.of(2099, 12));
		});
		assertThat(this.client.listPaymentMethods(DemoData.NO_CARD_CUSTOMER)).isEmpty();
	}

	@Test
	void oneClickCheckoutChargesTheSavedCardAndSendsEveryField() {
		CheckoutSession session = this.client.createCheckoutSession(new CheckoutSessionRequest(
				List.of(CartItem.of(DemoData.COACHING, 1)), CustomerRef.existing(DemoData.ALICE), "pm_alice_visa", true,
				"https://shop.example/thanks", null, Map.of("offer_id", "off_1", "offer_kind", "upsell"), null, dev.upsell.offer.TestPurchases.ADDRESS,
				FeatureFlags.oneClick()));
		assertThat(session.paymentId()).isNotNull();
		assertThat(session.checkoutUrl()).isNull();
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.paymentId()).isEqualTo(session.paymentId());
			assertThat(charge.totalAmount()).isEqualTo(9900);
			assertThat(charge.metadata()).containsEntry("offer_id", "off_1");
		});
		RecordedRequest request = this.dodo.requests("POST /checkouts").get(0);
		assertThat(request.body()).contains("\"payment_method_id\":\"pm_alice_visa\"", "\"confirm\":true",
				"\"feature_flags\":{\"redirect_immediately\":true}", "\"return_url\":\"https://shop.example/thanks\"",
				"\"product_cart\":[{\"product_id\":\"prod_coaching\",\"quantity\":1}]",
				"\"customer\":{\"customer_id\":\"cus_alice\"}")
			.contains("\"billing_address\":{\"country\":\"US\"")
			.doesNotContain("null");

		CheckoutSessionStatus status = this.client.getCheckoutSession(session.sessionId());
		assertThat(status.paymentId()).isEqualTo(session.paymentId());
		assertThat(status.paymentStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(status.customerEmail()).isEqualTo("alice@example.com");
	}

	@Test
	void checkoutWithoutASavedCardGivesACheckoutLink() {
		CheckoutSession session = this.client.createCheckoutSession(new CheckoutSessionRequest(
				List.of(CartItem.of(DemoData.COACHING, 1)), CustomerRef.existing(DemoData.NO_CARD_CUSTOMER), null, null,
				null, null, null, null, null, null));
		assertThat(session.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(session.paymentId()).isNull();
		assertThat(this.client.getCheckoutSession(session.sessionId()).paymentStatus()).isNull();
	}

	@Test
	void oneTimePaymentsAreCreatedReadAndListed() {
		PaymentCreated created = this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
				CustomerRef.existing(DemoData.BOB), List.of(CartItem.of(DemoData.TEMPLATES, 2)), "pm_bob_mc", null,
				Map.of("offer_id", "off_2"), null, null));
		assertThat(created.totalAmount()).isEqualTo(5800);
		assertThat(created.customer().customerId()).isEqualTo(DemoData.BOB);

		Payment payment = this.client.getPayment(created.paymentId());
		assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(payment.totalAmount()).isEqualTo(5800);
		assertThat(payment.currency()).isEqualTo("USD");
		assertThat(payment.metadata()).containsEntry("offer_id", "off_2");
		assertThat(payment.cardLastFour()).isEqualTo("4444");
		assertThat(payment.createdAt()).isNotNull();

		this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
				CustomerRef.existing(DemoData.ALICE), List.of(CartItem.of(DemoData.TEMPLATES, 1)), "pm_alice_visa",
				null, null, null, null));
		assertThat(this.client.listPayments(PaymentQuery.forCustomer(DemoData.BOB, null, 10)))
			.extracting(Payment::paymentId)
			.containsExactly(created.paymentId());
		assertThat(this.client.listPayments(PaymentQuery.forCustomer(DemoData.BOB, null, 10).page(1))).isEmpty();
	}

	@Test
	void aDeclinedChargeIsAFailedPaymentNotAnError() {
		PaymentCreated created = this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
				CustomerRef.existing(DemoData.DECLINING_CARD_CUSTOMER), List.of(CartItem.of(DemoData.TEMPLATES, 1)),
				"pm_declining", null, null, null, null));
		Payment payment = this.client.getPayment(created.paymentId());
		assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(payment.errorCode()).isEqualTo("CARD_DECLINED");
		assertThat(payment.errorMessage()).isNotBlank();
	}

	@Test
	void readsSubscriptionsAndProducts() {
		Subscription subscription = this.client.getSubscription(DemoData.ALICE_SUBSCRIPTION);
		assertThat(subscription.status()).isEqualTo(Subscription.Status.ACTIVE);
		assertThat(subscription.productId()).isEqualTo(DemoData.BASIC);
		assertThat(subscription.recurringPreTaxAmount()).isEqualTo(3000);
		assertThat(subscription.customer().customerId()).isEqualTo(DemoData.ALICE);
		assertThat(subscription.nextBillingDate()).isAfter(subscription.previousBillingDate());
		assertThat(subscription.scheduledChange()).isNull();
		assertThat(this.client.getSubscription(DemoData.ON_HOLD_SUBSCRIPTION).status())
			.isEqualTo(Subscription.Status.ON_HOLD);

		Product pro = this.client.getProduct(DemoData.PRO);
		assertThat(pro.isRecurring()).isTrue();
		assertThat(pro.price().type()).isEqualTo("recurring_price");
		assertThat(pro.price().price()).isEqualTo(8000);
		assertThat(pro.price().currency()).isEqualTo("USD");
		assertThat(pro.price().paymentFrequencyInterval()).isEqualTo("Month");
		assertThat(this.client.getProduct(DemoData.COURSE).isRecurring()).isFalse();
	}

	@Test
	void previewsAndChangesAPlan() {
		PlanChangeRequest request = new PlanChangeRequest(DemoData.PRO, 1, ProrationMode.DIFFERENCE_IMMEDIATELY,
				EffectiveAt.IMMEDIATELY, OnPaymentFailure.PREVENT_CHANGE, null, Map.of("source", "test"), null);
		PlanChangePreview preview = this.client.previewPlanChange(DemoData.ALICE_SUBSCRIPTION, request);
		assertThat(preview.immediateCharge().summary().totalAmount()).isEqualTo(5000);
		assertThat(preview.immediateCharge().lineItems()).singleElement()
			.satisfies((line) -> assertThat(line.productId()).isEqualTo(DemoData.PRO));
		assertThat(preview.newPlan().productId()).isEqualTo(DemoData.PRO);

		PlanChangeResult result = this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, request);
		assertThat(result.paymentId()).isNotNull();
		assertThat(this.client.getPayment(result.paymentId()).totalAmount()).isEqualTo(5000);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan").get(0).body()).contains(
				"\"proration_billing_mode\":\"difference_immediately\"", "\"effective_at\":\"immediately\"",
				"\"on_payment_failure\":\"prevent_change\"");
	}

	@Test
	void pausesResumesAndCancelsASubscriptionAtThePeriodsEndWithDodosPatch() {
		Subscription paused = this.client.updateSubscription(DemoData.ALICE_SUBSCRIPTION, SubscriptionUpdate.pause());
		assertThat(paused.status()).isEqualTo(Subscription.Status.PAUSED);
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}").get(0).body())
			.as("paused is sent alone, as Dodo requires").isEqualTo("{\"status\":\"paused\"}");
		assertThat(this.client.updateSubscription(DemoData.ALICE_SUBSCRIPTION, SubscriptionUpdate.resume()).status())
			.isEqualTo(Subscription.Status.ACTIVE);

		Subscription leaving = this.client.updateSubscription(DemoData.ALICE_SUBSCRIPTION,
				SubscriptionUpdate.cancelAtPeriodEnd(SubscriptionUpdate.CancellationFeedback.TOO_EXPENSIVE, "later"));
		assertThat(leaving.cancelsAtPeriodEnd()).isTrue();
		assertThat(leaving.cancellationFeedback()).isEqualTo(SubscriptionUpdate.CancellationFeedback.TOO_EXPENSIVE);
		assertThat(this.client.updateSubscription(DemoData.ALICE_SUBSCRIPTION, SubscriptionUpdate.keep())
			.cancelsAtPeriodEnd()).isFalse();

		java.time.Instant later = leaving.nextBillingDate().plus(Duration.ofDays(30));
		assertThat(this.client.updateSubscription(DemoData.ALICE_SUBSCRIPTION, SubscriptionUpdate.nextBillingDate(later))
			.nextBillingDate()).isEqualTo(later);
	}

	@Test
	void anUpdateDodoRefusesIsA422WithItsCode() {
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.updateSubscription(DemoData.CANCELLED_SUBSCRIPTION, SubscriptionUpdate.pause()))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.isOutcomeUnknown()).isFalse();
			});
	}

	// ---- errors --------------------------------------------------------------------------------------

	@Test
	void badRequestIs400WithDodosCodeAndMessage() {
		this.dodo.faults().failNext("GET /products/{id}", 400, 1);
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.getProduct(DemoData.COURSE))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.code()).isEqualTo("BAD_REQUEST");
				assertThat(ex.dodoMessage()).contains("HTTP 400");
				assertThat(ex.operation()).isEqualTo("GET /products/{id}");
				assertThat(ex.getMessage()).startsWith("Dodo API GET /products/{id} failed with HTTP 400 BAD_REQUEST");
				assertThat(ex.isOutcomeUnknown()).isFalse();
			});
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(1);
	}

	@Test
	void aWrongApiKeyIs401AndTheKeyIsNeverInTheMessage() {
		DodoClient wrongKey = client("sk_test_wrong_key_12345", Duration.ofSeconds(10));
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> wrongKey.getProduct(DemoData.COURSE))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.code()).isEqualTo("UNAUTHORIZED");
				assertThat(ex.getMessage()).doesNotContain("sk_test_wrong_key_12345");
				assertThat(ex.toString()).doesNotContain("sk_test_wrong_key_12345");
			});
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(1);
	}

	@Test
	void missingThingsAre404() {
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> this.client.getPayment("pay_missing"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo("NOT_FOUND");
			});
		assertThat(this.dodo.requests("GET /payments/{id}")).hasSize(1);
	}

	@Test
	void aPendingPlanChangeIs409() {
		this.dodo.pendingPlanChange(DemoData.ALICE_SUBSCRIPTION);
		PlanChangeRequest request = new PlanChangeRequest(DemoData.PRO, 1, ProrationMode.DIFFERENCE_IMMEDIATELY, null,
				null, null, null, null);
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, request))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(409);
				assertThat(ex.code()).isEqualTo("PENDING_PLAN_CHANGE_EXISTS");
			});
	}

	@Test
	void validationErrorsAre422() {
		PlanChangeRequest request = new PlanChangeRequest(DemoData.PRO, 1, ProrationMode.DIFFERENCE_IMMEDIATELY, null,
				null, null, null, null);
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.changePlan(DemoData.ON_HOLD_SUBSCRIPTION, request))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.code()).isEqualTo("INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED");
			});
	}

	@Test
	void readsAreRetriedAfter429HonouringRetryAfter() {
		this.dodo.faults().failNext("GET /products/{id}", 429, 1);
		assertThat(this.client.getProduct(DemoData.COURSE).price().price()).isEqualTo(4900);
		assertThat(this.dodo.requests("GET /products/{id}")).extracting(RecordedRequest::status)
			.containsExactly(429, 200);
	}

	@Test
	void persistent429EndsAsA429AfterTheLastAttempt() {
		this.dodo.faults().failNext("GET /products/{id}", 429, 5);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> this.client.getProduct(DemoData.COURSE))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.retryAfter()).contains(Duration.ofMillis(20));
			});
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(3);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503 })
	void readsAreRetriedAfterServerErrors(int status) {
		this.dodo.faults().failNext("GET /payments/{id}", status, 2);
		PaymentCreated created = this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
				CustomerRef.existing(DemoData.ALICE), List.of(CartItem.of(DemoData.TEMPLATES, 1)), "pm_alice_visa", null,
				null, null, null));
		assertThat(this.client.getPayment(created.paymentId()).status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(this.dodo.requests("GET /payments/{id}")).extracting(RecordedRequest::status)
			.containsExactly(status, status, 200);
	}

	@Test
	void aReadThatTimesOutIsRetried() {
		this.dodo.faults().delayNext("GET /products/{id}", Duration.ofMillis(1500), 1);
		DodoClient impatient = client(API_KEY, Duration.ofMillis(300));
		assertThat(impatient.getProduct(DemoData.COURSE).productId()).isEqualTo(DemoData.COURSE);
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(2);
	}

	@Test
	void aDodoMessageQuotingALineBreakCannotForgeALogLine() {
		DodoClient client = client(API_KEY, Duration.ofSeconds(2));
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> client.getProduct("prod_x\n2026-11-25 ERROR forged line"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.getMessage()).doesNotContain("\n").doesNotContain("\r");
			});
	}

	@Test
	void retryWaitsAreJitteredBetweenHalfAndAllOfTheBackoff() {
		java.util.Set<Long> waits = new java.util.HashSet<>();
		for (int i = 0; i < 200; i++) {
			long wait = ReadRetryInterceptor.jittered(Duration.ofMillis(400)).toMillis();
			assertThat(wait).isBetween(200L, 400L);
			waits.add(wait);
		}
		assertThat(waits).as("instances that failed together do not retry together").hasSizeGreaterThan(10);
	}

	@Test
	void aChargeRefusedForTheRateLimitIsSentAgainAfterRetryAfterAndChargesOnce() {
		this.dodo.faults().failNext("POST /checkouts", 429, 1);
		assertThat(oneClick().paymentId()).isNotNull();
		assertThat(this.dodo.requests("POST /checkouts")).extracting(RecordedRequest::status).containsExactly(429, 200);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(charge.succeeded()).isTrue());
	}

	@Test
	void aChargeStillRateLimitedAfterTheLastAttemptIsRefusedNotCharged() {
		this.dodo.faults().failNext("POST /checkouts", 429, 5);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(this::oneClick).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(429);
			assertThat(ex.isOutcomeUnknown()).isFalse();
		});
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(3);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void aChargeIsNeverRetriedAfterA500() {
		this.dodo.faults().failNext("POST /checkouts", 500, 1);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(this::oneClick).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(500);
			assertThat(ex.code()).isEqualTo("INTERNAL_SERVER_ERROR");
			assertThat(ex.isOutcomeUnknown()).isTrue();
		});
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anUnreadable2xxToAChargeIsAnUnknownOutcomeNotARefusal(boolean html) {
		// Dodo took the call (a proxy garbled the answer): the charge happened, so it must not look refused
		this.dodo.faults().garbageNext("POST /checkouts", html, 1);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(this::oneClick).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(200);
			assertThat(ex.isOutcomeUnknown()).isTrue();
		});
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(charge.succeeded()).isTrue());
	}

	@Test
	void aChargeThatTimesOutIsNeverRetriedAndItsOutcomeIsUnknown() {
		this.dodo.faults().delayNext("POST /checkouts", Duration.ofMillis(1500), 1);
		DodoClient impatient = client(API_KEY, Duration.ofMillis(300));
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> impatient.createCheckoutSession(oneClickRequest()))
			.satisfies((ex) -> {
				assertThat(ex.isTimeout()).isTrue();
				assertThat(ex.isNoResponse()).isTrue();
				assertThat(ex.isOutcomeUnknown()).isTrue();
				assertThat(ex.code()).isEqualTo("TIMEOUT");
				assertThat(ex.getMessage()).isEqualTo("Dodo API POST /checkouts timed out: HttpTimeoutException");
			});
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		// Dodo did charge: only a webhook or a read of the payment can tell; never a second POST.
		assertThat(this.dodo.charges()).extracting(SimPayment::succeeded).containsExactly(true);
	}

	@Test
	void otherMoneyMovingPostsAreNotRetriedEither() {
		this.dodo.faults().failNext("POST /payments", 503, 1).failNext("POST /subscriptions/{id}/change-plan", 502, 1);
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
					CustomerRef.existing(DemoData.ALICE), List.of(CartItem.of(DemoData.TEMPLATES, 1)), "pm_alice_visa",
					null, null, null, null)));
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.changePlan(DemoData.ALICE_SUBSCRIPTION, new PlanChangeRequest(DemoData.PRO, 1,
					ProrationMode.DIFFERENCE_IMMEDIATELY, null, null, null, null, null)));
		assertThat(this.dodo.requests("POST /payments")).hasSize(1);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void anUnreachableDodoIsAConnectionError() {
		DodoClient nowhere = new RestDodoClient(RestClient.builder(),
				new DodoClientSettings(java.net.URI.create("http://127.0.0.1:1"), API_KEY, Duration.ofMillis(300),
						Duration.ofMillis(300), new DodoClientSettings.ReadRetry(2, Duration.ofMillis(1),
								Duration.ofMillis(5))));
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> nowhere.getProduct("prod_x"))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo("CONNECTION_ERROR");
				assertThat(ex.isNoResponse()).isTrue();
				assertThat(ex.isTimeout()).isFalse();
				assertThat(ex.getMessage()).doesNotContain(API_KEY);
			});
	}

	@Test
	void settingsNeverPrintTheKey() {
		DodoClientSettings settings = new DodoClientSettings(this.dodo.baseUrl(), API_KEY, Duration.ofSeconds(1),
				Duration.ofSeconds(1), new DodoClientSettings.ReadRetry(1, Duration.ZERO, Duration.ZERO));
		assertThat(settings.toString()).doesNotContain(API_KEY).contains("******");
	}

	private CheckoutSession oneClick() {
		return this.client.createCheckoutSession(oneClickRequest());
	}

	private static CheckoutSessionRequest oneClickRequest() {
		return new CheckoutSessionRequest(List.of(CartItem.of(DemoData.COACHING, 1)),
				CustomerRef.existing(DemoData.ALICE), "pm_alice_visa", true, null, null, Map.of("offer_id", "off_1"),
				null, dev.upsell.offer.TestPurchases.ADDRESS, FeatureFlags.oneClick());
	}

}
