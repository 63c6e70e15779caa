package dev.upsell.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max-accepted-per-order: 1} over HTTP: a customer without a card, handed a checkout link for the first
 * step, is not shown a second step of the same order to pay as well.
 */
@UpsellWebTest({ "dodo.upsell.reconciliation.enabled=false", "dodo.upsell.offers.funnels[0].id=course",
		"dodo.upsell.offers.funnels[0].trigger-product=prod_course",
		"dodo.upsell.offers.funnels[0].max-accepted-per-order=1", "dodo.upsell.offers.funnels[0].steps[0].id=coaching",
		"dodo.upsell.offers.funnels[0].steps[0].offer-product=prod_coaching",
		"dodo.upsell.offers.funnels[0].steps[0].on-accept=templates",
		"dodo.upsell.offers.funnels[0].steps[1].id=templates",
		"dodo.upsell.offers.funnels[0].steps[1].offer-product=prod_templates" })
class FunnelCapHttpTests {

	@Autowired
	RestTestClient http;

	@Autowired
	OfferService offers;

	@Autowired
	DodoSimulator dodo;

	@Test
	void aRedirectedStepCountsTowardsMaxAcceptedPerOrderSoNoSecondStepIsShownToPay() {
		Offer coaching = this.offers.present(DemoData.NO_CARD_CUSTOMER, DemoData.COURSE, TestPurchases.of("order_cap"))
			.get(0);
		this.http.post().uri("/upsell/offers/{id}/accept", coaching.id())
			.header("X-Test-Customer", DemoData.NO_CARD_CUSTOMER).exchange()
			.expectStatus().isEqualTo(422).expectBody().jsonPath("$.checkout_url").isNotEmpty();
		this.http.get().uri("/upsell/offers").header("X-Test-Customer", DemoData.NO_CARD_CUSTOMER).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$[?(@.status == 'presented')]").isEmpty();
		// paying the link converts the one offer; still no second step for this order
		this.dodo.completeCheckout(this.offers.find(DemoData.NO_CARD_CUSTOMER, coaching.id()).orElseThrow()
			.checkoutSessionId());
		assertThat(this.dodo.payments()).filteredOn((payment) -> payment.customerId().equals(DemoData.NO_CARD_CUSTOMER))
			.hasSize(1);
		assertThat(this.offers.offersFor(DemoData.NO_CARD_CUSTOMER)).extracting(Offer::productId)
			.doesNotContain(DemoData.TEMPLATES);
	}

}
