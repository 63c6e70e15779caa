package dev.upsell.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferHousekeeping;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimWebhook;
import dev.upsell.test.simulator.WebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payment and refund is counted once and only as much as it took, and every webhook gets an answer it
 * can live with: one application on a real PostgreSQL, Dodo's webhooks over HTTP, and deliveries made by hand
 * as Dodo's dashboard makes them (a "Recover" under a new webhook id, a replay days later).
 */
@ExtendWith(OutputCaptureExtension.class)
class MoneyIntegrityJdbcTests {

	private static DodoSimulator dodo;

	private static ConfigurableApplicationContext app;

	private static URI webhookUrl;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		dodo = DodoSimulator.start();
		String url = EmbeddedPostgresSupport.newDatabase();
		app = new SpringApplicationBuilder(Host.class).properties("server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + url, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "dodo.upsell.store.initialize-schema=always",
				"dodo.upsell.api.base-url=" + dodo.baseUrl(), "dodo.upsell.api.key=" + dodo.apiKey(), "dodo.upsell.webhook.secret=" + dodo.webhookSecret(),
				"dodo.upsell.reconciliation.enabled=false", "dodo.upsell.offers.rules[0].id=coaching",
				"dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "logging.level.dev.upsell=INFO")
			.run();
		webhookUrl = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
				+ "/webhooks/dodo");
		dodo.webhooks().target(webhookUrl);
		dodo.webhooks().retryDelays(Duration.ofMillis(20), Duration.ofMillis(20));
	}

	@AfterAll
	static void stop() {
		app.close();
		dodo.close();
	}

	@BeforeEach
	void reset() throws InterruptedException {
		idle();
		app.getBean(Host.class).converted.clear();
	}

	private static void idle() throws InterruptedException {
		assertThat(dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	private static OfferService offers() {
		return app.getBean(OfferService.class);
	}

	private static Offer offer(Offer offer) {
		return app.getBean(OfferRepository.class).findById(offer.id()).orElseThrow();
	}

	private static double meter(String name, String offerTag) {
		return app.getBean(MeterRegistry.class).find(name).tag("offer", offerTag).counters().stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
	}

	/** A customer of its own per test, so meters and offers of one test are its own. */
	private static String customer(String name) {
		String customerId = "cus_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
		dodo.customer(customerId, customerId + "@example.com", name,
				dev.upsell.test.simulator.SimCard.working("pm_" + customerId));
		return customerId;
	}

	/** A converted coaching offer (9,900) of a fresh customer, its webhooks delivered. */
	private static Offer converted(String name) throws InterruptedException {
		String customerId = customer(name);
		Offer offer = offers().present(customerId, DemoData.COURSE, TestPurchases.of("order_" + name)).get(0);
		AcceptResult result = offers().accept(customerId, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		idle();
		Offer converted = offer(offer);
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		return converted;
	}

	/** Posts a body signed with Dodo's secret under a webhook id of the caller's choosing. */
	private static HttpResponse<String> deliver(String webhookId, String body) throws Exception {
		long now = Instant.now().getEpochSecond();
		String signature = new WebhookSigner(dodo.webhookSecret()).sign(webhookId, now, body);
		return http.send(HttpRequest.newBuilder(webhookUrl)
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(now))
			.header("webhook-signature", signature)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String refundBody(String refundId, String paymentId, String amount) {
		return "{\"business_id\":\"bus_1\",\"type\":\"refund.succeeded\",\"timestamp\":\"2026-11-24T10:00:00Z\","
				+ "\"data\":{\"payload_type\":\"Refund\",\"refund_id\":\"" + refundId + "\",\"payment_id\":\"" + paymentId
				+ "\",\"amount\":" + amount + ",\"currency\":\"USD\",\"status\":\"succeeded\"}}";
	}

	private static String lastRefundBody(String paymentId) {
		return dodo.webhooks().events("refund.succeeded").stream()
			.map(SimWebhook::body)
			.filter((body) -> body.contains(paymentId))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	// ---- refunds --------------------------------------------------------------------------------------

	@Test
	void aRefundDeliveredAgainUnderAnotherWebhookIdCountsOnce() throws Exception {
		Offer offer = converted("recover");
		double before = meter(UpsellMetrics.REFUNDS, "coaching");
		dodo.refund(offer.paymentId(), 4000L);
		idle();
		// Dodo's dashboard "Recover": the same refund, a new webhook id, long after any dedupe window
		assertThat(deliver("msg_recovered_" + UUID.randomUUID(), lastRefundBody(offer.paymentId())).statusCode())
			.isEqualTo(200);
		assertThat(offer(offer).refundedAmount()).isEqualTo(4000);
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - before).isEqualTo(4000);
	}

	@Test
	void aSignedRefundLargerThanThePaymentCountsOnlyWhatThePaymentTook() throws Exception {
		Offer offer = converted("huge");
		double revenue = meter(UpsellMetrics.REVENUE, "coaching");
		double refunds = meter(UpsellMetrics.REFUNDS, "coaching");
		assertThat(deliver("msg_huge_" + UUID.randomUUID(), refundBody("ref_huge_" + offer.id(), offer.paymentId(),
				"1000000")).statusCode()).isEqualTo(200);
		assertThat(offer(offer).refundedAmount()).isEqualTo(9900);
		// net revenue of the offer is 0, never negative
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(9900);
		assertThat(revenue).isGreaterThanOrEqualTo(meter(UpsellMetrics.REFUNDS, "coaching"));
		// a second, different refund of a fully refunded payment counts nothing more
		deliver("msg_more_" + UUID.randomUUID(), refundBody("ref_more_" + offer.id(), offer.paymentId(), "100"));
		assertThat(offer(offer).refundedAmount()).isEqualTo(9900);
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(9900);
	}

	@Test
	void aRefundWithoutAnAmountIsReadFromThePaymentNotDropped() throws Exception {
		Offer offer = converted("noamount");
		dodo.webhooks().pause();
		String refundId = dodo.refund(offer.paymentId(), 2500L);
		assertThat(deliver("msg_noamount_" + UUID.randomUUID(), refundBody(refundId, offer.paymentId(), "null"))
			.statusCode()).isEqualTo(200);
		assertThat(offer(offer).refundedAmount()).isEqualTo(2500);
		dodo.webhooks().resume();
		idle();
		// Dodo's own delivery of the same refund counts nothing more
		assertThat(offer(offer).refundedAmount()).isEqualTo(2500);
	}

	// ---- disputes ---------------------------------------------------------------------------------------

	@Test
	void aLostDisputeTakesTheMoneyBackLikeARefundOnceEvenWhenReplayedAndAWonOneTakesNothing() throws Exception {
		Offer lost = converted("disputed");
		Offer won = converted("defended");
		double refunds = meter(UpsellMetrics.REFUNDS, "coaching");
		String lostDispute = dodo.dispute(lost.paymentId(), null);
		String wonDispute = dodo.dispute(won.paymentId(), null);
		idle();
		assertThat(offer(lost).refundedAmount()).as("an open dispute has taken nothing yet").isZero();
		dodo.closeDispute(lostDispute, "lost");
		dodo.closeDispute(wonDispute, "won");
		idle();
		assertThat(offer(lost).refundedAmount()).isEqualTo(9900);
		assertThat(offer(won).refundedAmount()).isZero();
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(9900);
		// Dodo's dashboard replays dispute.lost under a new webhook id: counted once
		String replay = dodo.webhooks().events("dispute.lost").stream()
			.map(SimWebhook::body)
			.filter((body) -> body.contains(lostDispute))
			.findFirst()
			.orElseThrow();
		assertThat(deliver("msg_dispute_" + UUID.randomUUID(), replay).statusCode()).isEqualTo(200);
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(9900);
	}

	@Test
	void aFailedRefundCountsNothingAndAPendingOneCountsOnlyOnceItSucceeds() throws Exception {
		Offer offer = converted("pendingrefund");
		double refunds = meter(UpsellMetrics.REFUNDS, "coaching");
		String failing = dodo.refundPending(offer.paymentId(), 3000L);
		idle();
		assertThat(offer(offer).refundedAmount()).isZero();
		dodo.settleRefund(failing, false);
		idle();
		assertThat(offer(offer).refundedAmount()).isZero();
		String succeeding = dodo.refundPending(offer.paymentId(), 3000L);
		dodo.settleRefund(succeeding, true);
		idle();
		assertThat(offer(offer).refundedAmount()).isEqualTo(3000);
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(3000);
	}

	// ---- settled payments outlive their offers ----------------------------------------------------------

	@Test
	void aRefundOnDayTenReachesThePurgedOffersPaymentAndAReplayIsNoOrphan() throws Exception {
		Offer offer = converted("late");
		MutableClock clock = app.getBean(MutableClock.class);
		clock.advance(Duration.ofDays(10));
		try {
			app.getBean(OfferHousekeeping.class).run(1000);
		}
		finally {
			clock.advance(Duration.ofDays(-10));
		}
		assertThat(app.getBean(OfferRepository.class).findById(offer.id())).isEmpty();
		double refunds = meter(UpsellMetrics.REFUNDS, "coaching");
		long orphans = app.getBean(OrphanPayments.class).count();

		dodo.refund(offer.paymentId(), 1500L);
		idle();
		assertThat(meter(UpsellMetrics.REFUNDS, "coaching") - refunds).isEqualTo(1500);

		// a replay of the sale, days later, under a new webhook id: recognised, not an "orphan to refund by hand"
		String sale = dodo.webhooks().events("payment.succeeded").stream()
			.map(SimWebhook::body)
			.filter((body) -> body.contains(offer.paymentId()))
			.findFirst()
			.orElseThrow();
		assertThat(deliver("msg_replay_" + UUID.randomUUID(), sale).statusCode()).isEqualTo(200);
		assertThat(app.getBean(OrphanPayments.class).count()).isEqualTo(orphans);
	}

	// ---- payments that name an offer they do not belong to --------------------------------------------

	private static String paymentBody(String paymentId, String offerId, String customerId, String subscription) {
		return "{\"business_id\":\"bus_1\",\"type\":\"payment.succeeded\",\"timestamp\":\"2026-11-24T10:00:00Z\","
				+ "\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"" + paymentId + "\",\"status\":\"succeeded\","
				+ "\"total_amount\":3000,\"currency\":\"USD\",\"customer\":{\"customer_id\":\"" + customerId + "\"},"
				+ "\"subscription_id\":" + subscription + ",\"metadata\":{\"offer_id\":\"" + offerId + "\"}}}";
	}

	@Test
	void aSubscriptionsLaterPaymentCarryingItsOffersIdIsNotASecondChargeButAnotherChargeIs() throws Exception {
		Offer offer = converted("later");
		long orphans = app.getBean(OrphanPayments.class).count();
		// a renewal or plan change of a subscription the offer sold: Dodo copied the subscription's metadata
		assertThat(deliver("msg_renewal_" + UUID.randomUUID(),
				paymentBody("pay_renewal_" + offer.id(), offer.id(), offer.customerId(), "\"sub_later\"")).statusCode())
			.isEqualTo(200);
		assertThat(app.getBean(OrphanPayments.class).count()).isEqualTo(orphans);
		// a second one-time charge for the same offer: money nothing accounts for, reported
		assertThat(deliver("msg_twice_" + UUID.randomUUID(),
				paymentBody("pay_twice_" + offer.id(), offer.id(), offer.customerId(), "null")).statusCode())
			.isEqualTo(200);
		assertThat(app.getBean(OrphanPayments.class).count()).isEqualTo(orphans + 1);
		assertThat(offer(offer).paymentId()).isEqualTo(offer.paymentId());
	}

	// ---- payments that arrive after the offer ended ----------------------------------------------------

	@Test
	void aFallbackLinkPaidAfterTheOfferExpiredConvertsAndReachesTheShop() throws Exception {
		Offer offer = offers().present(DemoData.NO_CARD_CUSTOMER, DemoData.COURSE, TestPurchases.of("order_late"))
			.get(0);
		assertThat(offers().accept(DemoData.NO_CARD_CUSTOMER, offer.id()).outcome())
			.isEqualTo(AcceptResult.Outcome.REDIRECT);
		idle();
		Offer redirected = offer(offer);
		assertThat(redirected.status()).isEqualTo(OfferStatus.REDIRECTED);
		MutableClock clock = app.getBean(MutableClock.class);
		clock.advance(Duration.ofHours(25));
		try {
			app.getBean(OfferHousekeeping.class).run(1000);
		}
		finally {
			clock.advance(Duration.ofHours(-25));
		}
		assertThat(offer(offer).status()).isEqualTo(OfferStatus.EXPIRED);

		dodo.completeCheckout(redirected.checkoutSessionId());
		idle();
		Offer paid = offer(offer);
		assertThat(paid.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(paid.paymentId()).isNotNull();
		assertThat(app.getBean(Host.class).converted).extracting(Offer::id).containsExactly(offer.id());
	}

	// ---- webhooks that can never be stored, and what reaches the log -----------------------------------

	@Test
	void aWebhookIdLongerThanTheStoreKeepsIsRefusedFor400NotAnswered500Forever() throws Exception {
		String body = "{\"business_id\":\"b\",\"type\":\"payment.processing\",\"timestamp\":\"2026-11-24T10:00:00Z\","
				+ "\"data\":{\"payment_id\":\"pay_long\",\"status\":\"processing\",\"total_amount\":1,\"currency\":\"USD\"}}";
		HttpResponse<String> answer = deliver("msg_" + "x".repeat(300), body);
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("webhook-id must be 1 to 255 printable ASCII characters")
			.doesNotContain("xxxxxxxxxx");
		assertThat(deliver("msg_" + "y".repeat(251), body).statusCode()).isEqualTo(200);
	}

	@Test
	void aNewlineInASignedEventTypeCannotForgeALogLine(CapturedOutput output) throws Exception {
		String body = "{\"business_id\":\"b\",\"type\":\"payment.weird\\nERROR forged line: refund pay_1 by hand\","
				+ "\"timestamp\":\"2026-11-24T10:00:00Z\",\"data\":{\"x\":1}}";
		assertThat(deliver("msg_forge_" + UUID.randomUUID(), body).statusCode()).isEqualTo(200);
		assertThat(output.getOut()).contains("has a type this version does not know")
			.doesNotContain("\nERROR forged line");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Host {

		final List<Offer> converted = new CopyOnWriteArrayList<>();

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.now());
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@EventListener
		void on(OfferConverted event) {
			this.converted.add(event.offer());
		}

	}

}
