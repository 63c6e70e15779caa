package dev.upsell.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.RecordedRequest;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.WebhookTiming;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money path under the race production has: Dodo's webhook for a charge reaches the app before, right after
 * or later than the answer to the charge itself (the simulator's {@link WebhookTiming}).
 */
@UpsellWebTest({ "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.reconciliation.after=0s",
		"dodo.upsell.reconciliation.interval=1h", "dodo.upsell.offers.funnels[0].id=workbook-buyers",
		"dodo.upsell.offers.funnels[0].trigger-product=prod_workbook",
		"dodo.upsell.offers.funnels[0].steps[0].id=templates",
		"dodo.upsell.offers.funnels[0].steps[0].offer-product=prod_templates",
		"dodo.upsell.offers.funnels[0].steps[0].on-accept=coaching",
		"dodo.upsell.offers.funnels[0].steps[1].id=coaching",
		"dodo.upsell.offers.funnels[0].steps[1].offer-product=prod_coaching" })
class MoneyPathRaceTests {

	private static final int ACCEPTS = 20;

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	InMemoryOfferRepository repository;

	@BeforeEach
	void clear() {
		// needs a kind simulator: this load is far past the rate limit a real Dodo account has
		this.dodo.modes().rateLimit(0);
		this.repository.clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "before-answer", "after-answer", "mixed" })
	void aDeclinedOneClickChargeEndsRedirectWithOneFallbackLinkWhicheverLandsFirst(String timing) throws Exception {
		this.dodo.webhooks().timing(switch (timing) {
			case "before-answer" -> WebhookTiming.beforeAnswer();
			case "after-answer" -> WebhookTiming.afterAnswer();
			default -> WebhookTiming.mixed(20261125);
		});
		List<String> customers = new java.util.ArrayList<>();
		for (int i = 0; i < ACCEPTS; i++) {
			String customer = "cus_declining_" + i;
			customers.add(customer);
			this.dodo.customer(customer, customer + "@example.com", "Declined " + i,
					SimCard.working("pm_declining_" + i).behaving(CardBehaviour.DECLINES));
			Offer offer = this.offers.present(customer, DemoData.COURSE, TestPurchases.of("order_" + i)).get(0);
			this.http.post().uri("/upsell/offers/{id}/accept", offer.id())
				.header("X-Test-Customer", customer).exchange()
				.expectStatus().isEqualTo(422).expectBody()
				.jsonPath("$.reason").isEqualTo("CARD_DECLINED")
				.jsonPath("$.checkout_url").value((url) -> assertThat((String) url).contains("/checkout/cks_"));
		}
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(20))).isTrue();
		assertThat(this.dodo.webhooks().events("payment.failed")).hasSize(ACCEPTS);
		List<Offer> settled = customers.stream().flatMap((customer) -> this.offers.offersFor(customer).stream()).toList();
		assertThat(settled).hasSize(ACCEPTS).allSatisfy((offer) -> {
			assertThat(offer.status()).isEqualTo(OfferStatus.REDIRECTED);
			assertThat(offer.checkoutUrl()).contains("/checkout/");
			assertThat(offer.failureReason()).isEqualTo("CARD_DECLINED");
		});
		List<RecordedRequest> fallbacks = this.dodo.requests("POST /checkouts")
			.stream()
			.filter((request) -> !request.body().contains("payment_method_id"))
			.toList();
		assertThat(fallbacks).hasSize(ACCEPTS);
		assertThat(this.dodo.charges()).hasSize(ACCEPTS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "before-answer", "after-answer", "late" })
	void aDoubleClickedFunnelStepChargesOnceConvertsAndShowsTheNextStepOnceWhicheverLandsFirst(String timing)
			throws Exception {
		this.dodo.webhooks().timing(switch (timing) {
			case "before-answer" -> WebhookTiming.beforeAnswer();
			case "after-answer" -> WebhookTiming.afterAnswer();
			default -> WebhookTiming.late(Duration.ofMillis(200), Duration.ofMillis(800), 20261125);
		});
		int charges = this.dodo.charges().size();
		List<String> customers = new java.util.ArrayList<>();
		java.util.concurrent.ExecutorService clicks = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 5; i++) {
				String customer = "cus_funnel_" + timing + "_" + i;
				customers.add(customer);
				this.dodo.customer(customer, customer + "@example.com", "Funnel " + i, SimCard.working("pm_funnel_" + timing + i));
				Offer offer = this.offers.present(customer, DemoData.WORKBOOK, TestPurchases.of("order_" + i)).get(0);
				// a double click: two accepts of one offer at once; each answers 200/202, or 409 with the first result
				java.util.concurrent.Callable<Integer> click = () -> this.http.post()
					.uri("/upsell/offers/{id}/accept", offer.id())
					.header("X-Test-Customer", customer)
					.exchange()
					.returnResult()
					.getStatus()
					.value();
				List<Integer> statuses = new java.util.ArrayList<>();
				for (java.util.concurrent.Future<Integer> answer : clicks.invokeAll(List.of(click, click))) {
					statuses.add(answer.get());
				}
				assertThat(statuses).as(customer).allMatch((status) -> status == 200 || status == 202 || status == 409)
					.anyMatch((status) -> status != 409);
			}
		}
		finally {
			clicks.shutdown();
		}
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(20))).isTrue();
		assertThat(this.dodo.charges()).hasSize(charges + customers.size());
		for (String customer : customers) {
			List<Offer> theirs = this.repository.findByCustomer(customer);
			assertThat(theirs).as(customer).filteredOn((offer) -> offer.funnelStep().equals("templates"))
				.singleElement()
				.satisfies((offer) -> assertThat(offer.status()).isEqualTo(OfferStatus.CONVERTED));
			assertThat(theirs).as(customer).filteredOn((offer) -> offer.funnelStep().equals("coaching"))
				.singleElement()
				.satisfies((offer) -> assertThat(offer.status()).isEqualTo(OfferStatus.PRESENTED));
		}
	}

	@Test
	void anUnreadable2xxOnTheChargeIsPendingAndNeverHandsOutASecondWayToPay() throws Exception {
		this.dodo.webhooks().timing(WebhookTiming.afterAnswer());
		this.dodo.webhooks().pause();
		this.dodo.faults().garbageNext("POST /checkouts", true, 1);
		Offer offer = this.offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_html")).get(0);
		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.outcome").isEqualTo("pending");
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
		assertThat(this.offers.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.ACCEPTED);
		this.dodo.webhooks().resume();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		Offer converted = this.offers.find(DemoData.ALICE, offer.id()).orElseThrow();
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(converted.paymentId()).isEqualTo(this.dodo.charges().get(0).paymentId());
		assertThat(this.dodo.charges()).hasSize(1);
		assertThat(AcceptResult.of(converted).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
	}

}
