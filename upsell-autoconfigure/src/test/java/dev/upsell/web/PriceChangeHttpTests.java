package dev.upsell.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP: an offer whose price moved since it was shown answers 409 {@code PRICE_CHANGED} with the new figure
 * and charges nothing; accepting again with {@code confirmed_price} pays exactly that figure; a malformed
 * {@code confirmed_price} is a 400 naming the field.
 */
@UpsellWebTest({ "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching" })
class PriceChangeHttpTests {

	private static final String CUSTOMER = "cus_berlin";

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	InMemoryOfferRepository repository;

	@BeforeEach
	void buyerInBerlin() {
		this.repository.clear();
		this.dodo.customer(CUSTOMER, "berlin@example.com", "Berta", SimCard.working("pm_berlin").issuedIn("DE", "EUR"));
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 8900, "EUR");
	}

	@Test
	void aMovedPriceAnswers409WithTheNewFigureAndTheConfirmedFigureIsCharged() {
		Offer offer = this.offers.present(CUSTOMER, DemoData.COURSE, PurchaseContext.of("order_de")
			.withBillingAddress(new BillingAddress("DE", "Berlin", "BE", "Unter den Linden 1", "10117"))).get(0);
		this.http.get().uri("/upsell/offers").header("X-Test-Customer", CUSTOMER).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$[0].display_price").isEqualTo("€89.00")
			.jsonPath("$[0].currency").isEqualTo("EUR");
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 9400, "EUR");

		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", CUSTOMER)
			.exchange().expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.reason").isEqualTo("PRICE_CHANGED")
			.jsonPath("$.price.amount").isEqualTo(9400)
			.jsonPath("$.price.currency").isEqualTo("EUR")
			.jsonPath("$.price.display").isEqualTo("€94.00")
			.jsonPath("$.offer.status").isEqualTo("presented");
		assertThat(this.dodo.charges()).isEmpty();

		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", CUSTOMER)
			.contentType(MediaType.APPLICATION_JSON).body("{\"confirmed_price\":{\"amount\":\"lots\",\"currency\":\"EUR\"}}")
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("confirmed_price"));

		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", CUSTOMER)
			.contentType(MediaType.APPLICATION_JSON).body("{\"confirmed_price\":{\"amount\":9400,\"currency\":\"EUR\"}}")
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.outcome").isEqualTo("charged");
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.totalAmount()).isEqualTo(9400);
			assertThat(charge.currency()).isEqualTo("EUR");
		});
	}

}
