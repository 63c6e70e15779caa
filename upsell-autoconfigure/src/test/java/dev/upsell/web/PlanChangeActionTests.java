package dev.upsell.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferStatus;
import dev.upsell.plan.PlanOffers;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan change whose charge needs the customer (3-D Secure) or fails under {@code prevent_change}: the customer
 * gets what Dodo returns to complete it, and the plan offer ends with the real reason, never
 * {@code NO_PAYMENT_FOUND} a day later.
 */
@UpsellWebTest({ "dodo.upsell.reconciliation.after=0s", "dodo.upsell.reconciliation.interval=1h" })
class PlanChangeActionTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	PlanOffers planOffers;

	@Autowired
	InMemoryOfferRepository repository;

	@Autowired
	OfferReconciler reconciler;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void reset() {
		this.dodo.reset();
		this.repository.clear();
		this.dodo.webhooks().retryDelays(Duration.ofMillis(20), Duration.ofMillis(20));
	}

	/** A Basic subscriber whose only card behaves as given, and a plan offer to Pro. */
	private Offer subscriberWith(String name, CardBehaviour card) {
		String customerId = "cus_" + name;
		this.dodo.customer(customerId, name + "@example.com", name, SimCard.working("pm_" + name).behaving(card));
		this.dodo.subscription("sub_" + name, customerId, DemoData.BASIC);
		return this.planOffers.present(customerId, "sub_" + name, DemoData.PRO, OfferKind.PLAN_UPGRADE, "basic-to-pro");
	}

	private RestTestClient.ResponseSpec change(Offer offer) {
		return this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", offer.customerId())
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"" + offer.context().get(Offer.SUBSCRIPTION_ID) + "\",\"product_id\":\"prod_pro\","
					+ "\"offer_id\":\"" + offer.id() + "\"}")
			.exchange();
	}

	private Offer stored(Offer offer) {
		return this.repository.findById(offer.id()).orElseThrow();
	}

	private void awaitWebhooks() throws InterruptedException {
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void aPlanChangeNeeding3dsGivesTheCustomerTheClientSecretAndConvertsOnceAuthenticated() throws Exception {
		Offer offer = subscriberWith("tessa", CardBehaviour.REQUIRES_AUTHENTICATION);
		Map<?, ?> answer = change(offer).expectStatus().isAccepted().expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat(answer.get("status")).isEqualTo("action_required");
		assertThat((String) answer.get("client_secret")).isNotBlank();
		assertThat(answer.get("payment_link")).as("Dodo gives a link only with collect_via_payment_link").isNull();
		String paymentId = (String) answer.get("payment_id");
		assertThat(stored(offer).step()).isEqualTo(AcceptedStep.ACTION_REQUIRED);
		assertThat(stored(offer).paymentId()).isEqualTo(paymentId);

		this.dodo.authenticate(paymentId);
		awaitWebhooks();
		assertThat(stored(offer).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.subscription("sub_tessa").orElseThrow().productId()).isEqualTo(DemoData.PRO);
	}

	@Test
	void aPlanChangeAbandonedAt3dsEndsTheOfferWithThatReason() throws Exception {
		Offer offer = subscriberWith("abel", CardBehaviour.REQUIRES_AUTHENTICATION);
		String paymentId = (String) change(offer).expectStatus().isAccepted().expectBody(Map.class).returnResult()
			.getResponseBody().get("payment_id");
		this.dodo.abandonAuthentication(paymentId);
		awaitWebhooks();
		assertThat(stored(offer).status()).isEqualTo(OfferStatus.FAILED);
		assertThat(stored(offer).failureReason()).isEqualTo("AUTHENTICATION_CANCELLED");
		assertThat(this.dodo.subscription("sub_abel").orElseThrow().productId()).isEqualTo(DemoData.BASIC);
	}

	@Test
	void aDeclinedPlanChangeUnderPreventChangeEndsTheOfferWithTheDeclineNotNoPaymentFound() throws Exception {
		Offer offer = subscriberWith("dora", CardBehaviour.DECLINES);
		change(offer).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("payment_failed");
		awaitWebhooks();
		assertThat(stored(offer).status()).isEqualTo(OfferStatus.FAILED);
		assertThat(stored(offer).failureReason()).isEqualTo("CARD_DECLINED");
		this.clock.advance(Duration.ofHours(25));
		try {
			this.reconciler.reconcile(10);
		}
		finally {
			this.clock.advance(Duration.ofHours(-25));
		}
		assertThat(stored(offer).failureReason()).isEqualTo("CARD_DECLINED");
		assertThat(this.dodo.subscription("sub_dora").orElseThrow().productId()).isEqualTo(DemoData.BASIC);
	}

	@Test
	void aDoubleClickedDeclinedChangeWhoseWebhookLandsBeforeTheAnswerIsSentOnceAndEndsWithTheDecline()
			throws Exception {
		this.dodo.webhooks().timing(dev.upsell.test.simulator.WebhookTiming.beforeAnswer());
		Offer offer = subscriberWith("wendy", CardBehaviour.DECLINES);
		java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> change(offer).returnResult(String.class).getStatus().value());
		java.util.concurrent.CompletableFuture<Integer> second = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> change(offer).returnResult(String.class).getStatus().value());
		assertThat(java.util.List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
		awaitWebhooks();
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		assertThat(stored(offer).status()).isEqualTo(OfferStatus.FAILED);
		assertThat(stored(offer).failureReason()).isEqualTo("CARD_DECLINED");
		assertThat(this.dodo.subscription("sub_wendy").orElseThrow().productId()).isEqualTo(DemoData.BASIC);
	}

	@Test
	void a3dsPaymentNeverCompletedIsGivenUpAtTheHorizonWithItsOwnStatus() throws Exception {
		Offer offer = subscriberWith("nell", CardBehaviour.REQUIRES_AUTHENTICATION);
		change(offer).expectStatus().isAccepted();
		this.clock.advance(Duration.ofHours(25));
		try {
			this.reconciler.reconcile(10);
		}
		finally {
			this.clock.advance(Duration.ofHours(-25));
		}
		assertThat(stored(offer).status()).isEqualTo(OfferStatus.FAILED);
		assertThat(stored(offer).failureReason()).isEqualTo("PAYMENT_REQUIRES_CUSTOMER_ACTION");
	}

}
