package dev.upsell.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestPurchases;
import dev.upsell.plan.PlanOffers;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimWebhook;
import dev.upsell.test.simulator.WebhookDelivery;
import dev.upsell.test.simulator.WebhookSigner;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.WebhookAnswered;
import dev.upsell.webhook.WebhookOutcome;

import static org.assertj.core.api.Assertions.assertThat;

@UpsellWebTest({ "dodo.upsell.web.container-problems=true", "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching",
		"dodo.upsell.offers.rules[0].downsell-product=prod_workbook", "dodo.upsell.reconciliation.after=0s",
		"dodo.upsell.reconciliation.interval=1h", "dodo.upsell.api.retry.initial-backoff=5ms",
		"dodo.upsell.plan-change.customer-may-choose.proration-modes=prorated-immediately" })
class UpsellFlowIntegrationTests {

	@Autowired
	RestTestClient http;

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	PlanOffers planOffers;

	@Autowired
	OfferReconciler reconciler;

	@Autowired
	MutableClock clock;

	@Autowired
	InMemoryOfferRepository repository;

	@Autowired
	UpsellTestApplication.ReceivedEvents received;

	@BeforeEach
	void reset() {
		this.dodo.reset();
		this.dodo.webhooks().retryDelays(Duration.ofMillis(20), Duration.ofMillis(20));
		this.received.events.clear();
		this.received.answers.clear();
		this.repository.clear();
	}

	private Offer present(String customerId) {
		return this.offers.present(customerId, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
	}

	private Offer offer(Offer offer) {
		return this.offers.find(offer.customerId(), offer.id()).orElseThrow();
	}

	private void awaitWebhooks() throws InterruptedException {
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	// ---- the one-click flow over HTTP ---------------------------------------------------------------

	@Test
	void purchaseOfferAcceptAndTheWebhookConverts() throws Exception {
		Offer offer = present(DemoData.ALICE);
		this.http.get().uri("/upsell/offers").header("X-Test-Customer", DemoData.ALICE).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$[0].id").isEqualTo(offer.id())
			.jsonPath("$[0].display_price").isEqualTo("$99.00");
		// Dodo's answer about the payment is not readable right away, and the webhook comes later: it settles.
		this.dodo.faults().failNext("GET /payments/{id}", 503, 3);
		this.dodo.webhooks().pause();
		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.outcome").isEqualTo("pending")
			.jsonPath("$.payment_id").isEqualTo(this.dodo.charges().get(0).paymentId());
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.ACCEPTED);
		this.dodo.webhooks().resume();
		awaitWebhooks();
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.received.events).singleElement().isInstanceOfSatisfying(DodoEvent.PaymentSucceeded.class,
				(event) -> assertThat(event.offerId()).contains(offer.id()));
		assertThat(this.dodo.webhooks().deliveries()).allMatch(WebhookDelivery::accepted);
	}

	@Test
	void aDeclinedChargeReportedOnlyByWebhookStillHandsOutOneCheckoutLink() throws Exception {
		// Dodo's answer about the payment cannot be read, so only payment.failed tells: whenever it lands, the
		// offer ends with one fallback checkout link.
		Offer offer = present(DemoData.DECLINING_CARD_CUSTOMER);
		this.dodo.faults().failNext("GET /payments/{id}", 503, 3);
		this.offers.accept(DemoData.DECLINING_CARD_CUSTOMER, offer.id());
		awaitWebhooks();
		Offer redirected = offer(offer);
		assertThat(redirected.status()).isEqualTo(OfferStatus.REDIRECTED);
		assertThat(redirected.failureReason()).isEqualTo("CARD_DECLINED");
		assertThat(redirected.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(this.dodo.requests("POST /checkouts")).filteredOn((request) -> !request.body().contains("payment_method_id"))
			.hasSize(1);
		assertThat(this.received.events).singleElement().isInstanceOf(DodoEvent.PaymentFailed.class);
	}

	@Test
	void aDuplicatedDeliveryIsHandledOnce() throws Exception {
		this.dodo.webhooks().duplicateNext(1);
		Offer offer = present(DemoData.ALICE);
		this.offers.accept(DemoData.ALICE, offer.id());
		awaitWebhooks();
		List<WebhookDelivery> deliveries = this.dodo.webhooks().deliveries();
		assertThat(deliveries).hasSize(2).allMatch(WebhookDelivery::accepted);
		assertThat(deliveries.get(0).webhookId()).isEqualTo(deliveries.get(1).webhookId());
		assertThat(this.received.events).hasSize(1);
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.CONVERTED);
	}

	@Test
	void reorderedAndLateFailureEventsNeverUnconvertAnOffer() throws Exception {
		Offer first = present(DemoData.ALICE);
		Offer second = present(DemoData.BOB);
		this.dodo.faults().failNext("GET /payments/{id}", 503, 6);
		this.dodo.webhooks().reorderNext();
		this.offers.accept(DemoData.ALICE, first.id());
		this.offers.accept(DemoData.BOB, second.id());
		awaitWebhooks();
		List<SimWebhook> events = this.dodo.webhooks().events();
		assertThat(this.dodo.webhooks().deliveries()).extracting(WebhookDelivery::webhookId)
			.containsExactly(events.get(1).webhookId(), events.get(0).webhookId());
		assertThat(offer(first).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(offer(second).status()).isEqualTo(OfferStatus.CONVERTED);

		// A late payment.failed for the same payment, genuinely signed, arrives after the success.
		String body = events.get(0).body().replace("\"payment.succeeded\"", "\"payment.failed\"")
			.replace("\"status\":\"succeeded\"", "\"status\":\"failed\"");
		postSigned("msg_late_failure", Instant.now().getEpochSecond(), body).expectStatus().isOk();
		assertThat(offer(first).status()).isEqualTo(OfferStatus.CONVERTED);
	}

	@Test
	void aDroppedWebhookIsSettledByReconciliation() throws Exception {
		this.dodo.webhooks().dropNext(1);
		this.dodo.faults().failNext("GET /payments/{id}", 503, 3);
		Offer offer = present(DemoData.ALICE);
		this.offers.accept(DemoData.ALICE, offer.id());
		awaitWebhooks();
		assertThat(this.dodo.webhooks().deliveries()).isEmpty();
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.ACCEPTED);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.reconciler.reconcile(10)).isEqualTo(1);
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
	}

	@Test
	void payingOnTheFallbackLinkConvertsARedirectedOffer() throws Exception {
		Offer offer = present(DemoData.NO_CARD_CUSTOMER);
		this.http.post().uri("/upsell/offers/{id}/accept", offer.id())
			.header("X-Test-Customer", DemoData.NO_CARD_CUSTOMER).exchange()
			.expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.reason").isEqualTo("NO_SAVED_PAYMENT_METHOD")
			.jsonPath("$.checkout_url").value((url) -> assertThat((String) url).startsWith(this.dodo.baseUrl().toString()));
		this.dodo.completeCheckout(offer(offer).checkoutSessionId());
		awaitWebhooks();
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.CONVERTED);
	}

	// ---- HTTP errors -------------------------------------------------------------------------------

	@Test
	void anotherCustomersOfferIs404LikeAMissingOne() {
		Offer offer = present(DemoData.ALICE);
		for (String id : List.of(offer.id(), "off_00000000000000000000000000000000")) {
			this.http.post().uri("/upsell/offers/{id}/accept", id).header("X-Test-Customer", DemoData.BOB).exchange()
				.expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.detail").isEqualTo("No offer " + id);
			this.http.post().uri("/upsell/offers/{id}/decline", id).header("X-Test-Customer", DemoData.BOB).exchange()
				.expectStatus().isNotFound();
		}
		this.http.get().uri("/upsell/offers").header("X-Test-Customer", DemoData.BOB).exchange()
			.expectStatus().isOk().expectBody().json("[]");
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void badInputGetsAClearProblemNotAStackTrace() {
		this.http.post().uri("/upsell/offers/{id}/accept", "not-an-offer").header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.detail").isEqualTo("Not an offer id: expected off_ and 32 hex digits")
			.jsonPath("$.trace").doesNotExist();
		this.http.get().uri("/upsell/offers").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void expiredIs410DeclinedIs410AndConvertedIs409WithTheResult() {
		Offer expiring = present(DemoData.ALICE);
		this.clock.advance(Duration.ofMinutes(31));
		try {
			accept(expiring, DemoData.ALICE).expectStatus().isEqualTo(410);
		}
		finally {
			this.clock.advance(Duration.ofMinutes(-31));
		}
		Offer declined = present(DemoData.BOB);
		this.http.post().uri("/upsell/offers/{id}/decline", declined.id()).header("X-Test-Customer", DemoData.BOB)
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.declined.status").isEqualTo("declined")
			.jsonPath("$.downsell.product_id").isEqualTo(DemoData.WORKBOOK);
		accept(declined, DemoData.BOB).expectStatus().isEqualTo(410);

		Offer converted = present(DemoData.ALICE);
		accept(converted, DemoData.ALICE).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("charged");
		accept(converted, DemoData.ALICE).expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.result.payment_id").isEqualTo(offer(converted).paymentId());
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void dodoBeingDownIs502AndTheOfferStaysOpen() {
		Offer offer = present(DemoData.ALICE);
		this.dodo.faults().failNext("GET /customers/{id}/payment-methods", 503, 3);
		accept(offer, DemoData.ALICE).expectStatus().isEqualTo(502).expectBody()
			.jsonPath("$.dodo_code").isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.PRESENTED);
	}

	// ---- plan changes over HTTP ---------------------------------------------------------------------

	@Test
	void aPlanChangeIsPreviewedThenMadeAndItsOfferConvertsByWebhook() throws Exception {
		Offer offer = this.planOffers.present(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.PRO,
				dev.upsell.catalog.OfferKind.PLAN_UPGRADE, "basic-to-pro");
		String body = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"offer_id\":\"" + offer.id()
				+ "\"}";
		this.http.post().uri("/upsell/plan-changes/preview").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.charge_now.amount").isEqualTo(5000)
			.jsonPath("$.direction").isEqualTo("upgrade")
			.jsonPath("$.summary").isEqualTo("Upgrade now for $50.00");
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("charged")
			.jsonPath("$.payment_id").isEqualTo(this.dodo.charges().get(0).paymentId());
		awaitWebhooks();
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.received.events).hasAtLeastOneElementOfType(DodoEvent.SubscriptionPlanChanged.class);
	}

	@Test
	void planChangeErrorsAreProblems() {
		String body = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}";
		this.http.post().uri("/upsell/plan-changes/preview").header("X-Test-Customer", DemoData.BOB)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isNotFound().expectBody().jsonPath("$.reason").isEqualTo("SUBSCRIPTION_NOT_FOUND");
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body("{\"subscription_id\": 5").exchange()
			.expectStatus().isBadRequest();
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body("{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"proration_mode\":\"sometimes\"}")
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("proration_mode must be one of"));
		this.dodo.pendingPlanChange(DemoData.ALICE_SUBSCRIPTION);
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("CHANGE_PENDING");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	@Test
	void aChangedQuoteAnswers409WithTheNewQuote() {
		String body = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"proration_mode\":\"prorated_immediately\"";
		String quoteId = this.http.post().uri("/upsell/plan-changes/preview").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body(body + "}").exchange()
			.expectStatus().isOk().expectBody(java.util.Map.class).returnResult().getResponseBody().get("quote_id").toString();
		this.dodo.clock().advance(java.time.Duration.ofDays(3));
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body(body + ",\"quote_id\":\"" + quoteId + "\"}").exchange()
			.expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.reason").isEqualTo("QUOTE_CHANGED")
			.jsonPath("$.quote.quote_id").value((id) -> assertThat(id).isNotEqualTo(quoteId))
			.jsonPath("$.quote.charge_now.amount").isNumber();
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	@Test
	void theHostAllowsANamedProrationModeAndNoOther() {
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"proration_mode\":\"do_not_bill\"}")
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.field").isEqualTo("proration_mode")
			.jsonPath("$.detail").isEqualTo("proration_mode cannot be chosen here: a customer may send only prorated_immediately");
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"proration_mode\":\"prorated_immediately\"}")
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.quote.proration_mode").isEqualTo("prorated_immediately");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void aQuantityPastTheIntRangeIsRefusedNotWrappedAndNothingIsCharged() {
		for (String quantity : new String[] { "4294967298", "2.5", "0", "10001", "\"3\"" }) {
			this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"quantity\":" + quantity + "}")
				.exchange().expectStatus().isBadRequest().expectBody()
				.jsonPath("$.detail").isEqualTo("quantity must be a whole number from 1 to 10000");
		}
		assertThat(this.dodo.requests()).noneMatch((request) -> request.operation().startsWith("POST"));
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void anOfferIdThatIsNotAPlanOfferIsRefusedBeforeAnythingIsSent() {
		Offer upsell = present(DemoData.ALICE);
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"offer_id\":\"" + upsell.id() + "\"}")
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.reason").isEqualTo("INVALID_OPTIONS");
		assertThat(offer(upsell).status()).isEqualTo(OfferStatus.PRESENTED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	// ---- the webhook endpoint -----------------------------------------------------------------------

	@Test
	void springMvcRefusalsUnderUpsellAreProblemDetailsToo() {
		this.http.post().uri("/upsell/offers").header("X-Test-Customer", DemoData.ALICE).exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.TEXT_PLAIN).body("subscription_id=sub_1").exchange()
			.expectStatus().isEqualTo(415)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get().uri("/upsell/offers").header("X-Test-Customer", DemoData.ALICE).accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus().isEqualTo(406)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get().uri("/upsell/no-such-thing").header("X-Test-Customer", DemoData.ALICE).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// the host's own paths keep the host's handling
		this.http.get().uri("/no-such-thing").exchange()
			.expectStatus().isNotFound()
			.expectHeader().value("Content-Type", (type) -> assertThat(type).doesNotContain("problem+json"));
	}

	@Test
	void pathsTomcatCannotDecodeAreProblemDetailsUnderUpsellAndTheHostsPageElsewhere() throws Exception {
		for (String path : List.of("/upsell/offers/%zz/accept", "/upsell/offers/a%2Fb/accept", "/upsell/offers/%00/accept",
				"/upsell/offers/%C0%AE%3Cb%3E/accept")) {
			String answer = rawGet(path);
			assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
				.contains("\"status\":400").doesNotContain("<b>").doesNotContain("%zz").doesNotContain("<html");
		}
		assertThat(rawGet("/elsewhere/%zz")).startsWith("HTTP/1.1 400").doesNotContain("problem+json");
	}

	/** A GET sent byte for byte, as an attacker's client would: no library re-encodes the path. */
	private String rawGet(String path) throws Exception {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Test-Customer: cus_alice\r\n"
						+ "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@Test
	void anOversizedBodyIs413WithoutBeingRead() throws Exception {
		int reads = this.dodo.requests("GET /subscriptions/{id}").size();
		// over the limit, under what Tomcat swallows after an early answer (2 MB): the client always reads the 413
		byte[] large = new byte[1536 * 1024];
		java.util.Arrays.fill(large, (byte) ' ');
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(large)
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// without a declared length, reading stops at the limit
		java.net.http.HttpResponse<String> streamed = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/upsell/plan-changes"))
				.header("X-Test-Customer", DemoData.ALICE)
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(("{\"subscription_id\":\"" + "s".repeat(1024 * 1024) + "\"}")
							.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(streamed.statusCode()).isEqualTo(413);
		assertThat(streamed.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.dodo.requests("GET /subscriptions/{id}")).hasSize(reads);
	}

	@Test
	void theWebhookEndpointRejectsWhatItMust() {
		long now = Instant.now().getEpochSecond();
		String body = "{\"business_id\":\"b\",\"type\":\"payment.processing\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"data\":{\"payment_id\":\"pay_x\",\"status\":\"processing\",\"total_amount\":1,\"currency\":\"USD\"}}";
		String signature = new WebhookSigner(this.dodo.webhookSecret()).sign("msg_a", now, body);

		post("msg_a", Long.toString(now), null, body).expectStatus().isBadRequest();
		post(null, Long.toString(now), signature, body).expectStatus().isBadRequest();
		post("msg_a", null, signature, body).expectStatus().isBadRequest();
		post("msg_a", Long.toString(now), "v1,@@@", body).expectStatus().isBadRequest();
		post("msg_a", Long.toString(now), new WebhookSigner(WebhookSigner.randomSecret()).sign("msg_a", now, body), body)
			.expectStatus().isUnauthorized();
		post("msg_a", Long.toString(now), signature, body.replace("pay_x", "pay_y")).expectStatus().isUnauthorized();
		post("msg_a", Long.toString(now), "v2," + signature.substring(3), body).expectStatus().isUnauthorized();
		for (long skew : new long[] { -360, 360 }) {
			postSigned("msg_a", now + skew, body).expectStatus().isUnauthorized().expectBody()
				.jsonPath("$.outcome").isEqualTo("stale");
		}
		postSigned("msg_bad_json", now, "{not json").expectStatus().isBadRequest().expectBody()
			.jsonPath("$.outcome").isEqualTo("malformed");
		// a signed body's malformed value is never echoed: not in the answer, not in a log line
		postSigned("msg_markup", now, body.replace("\"total_amount\":1", "\"total_amount\":\"<b>lots</b>\""))
			.expectStatus().isBadRequest().expectBody(String.class)
			.value((answer) -> assertThat(answer).doesNotContain("<b>").doesNotContain("lots").contains("malformed"));
		postSigned("msg_big", now, "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
			.expectStatus().isEqualTo(413);
		// answered before the body is read, and still counted like every other answer
		assertThat(this.received.answers).extracting(WebhookAnswered::outcome)
			.containsOnlyOnce(WebhookOutcome.TOO_LARGE);

		postSigned("msg_a", now, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("handled");
		postSigned("msg_a", now, body).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");
		postSigned("msg_new_type", now, body.replace("payment.processing", "payout.created")).expectStatus().isOk();
		assertThat(this.received.events).hasSize(2);
		assertThat(this.received.events.get(0)).isInstanceOf(DodoEvent.PaymentProcessing.class);
		assertThat(this.received.events.get(1)).isInstanceOf(DodoEvent.UnknownDodoEvent.class);
	}

	@Test
	void rejectionsNeverEchoTheSecretOrThePayload() {
		long now = Instant.now().getEpochSecond();
		String body = "{\"type\":\"payment.succeeded\",\"data\":{\"secret_marker\":\"s3cr3t-payload\"}}";
		byte[] response = post("msg_b", Long.toString(now), "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", body)
			.expectStatus().isUnauthorized().expectBody().returnResult().getResponseBody();
		String text = new String(response, StandardCharsets.UTF_8);
		assertThat(text).doesNotContain("s3cr3t-payload").doesNotContain(this.dodo.webhookSecret().substring(6));
	}

	private RestTestClient.ResponseSpec accept(Offer offer, String customerId) {
		return this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", customerId)
			.exchange();
	}

	private RestTestClient.ResponseSpec postSigned(String id, long timestamp, String body) {
		return post(id, Long.toString(timestamp), new WebhookSigner(this.dodo.webhookSecret()).sign(id, timestamp, body),
				body);
	}

	private RestTestClient.ResponseSpec post(String id, String timestamp, String signature, String body) {
		RestTestClient.RequestBodySpec request = this.http.post().uri("/webhooks/dodo").contentType(MediaType.APPLICATION_JSON);
		if (id != null) {
			request.header("webhook-id", id);
		}
		if (timestamp != null) {
			request.header("webhook-timestamp", timestamp);
		}
		if (signature != null) {
			request.header("webhook-signature", signature);
		}
		return request.body(body.getBytes(StandardCharsets.UTF_8)).exchange();
	}

}
