package dev.upsell.web;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saved card whose bank asks for 3-D Secure: Dodo leaves the charge {@code requires_customer_action} (SDK
 * {@code IntentStatus}) and the customer must authenticate before money moves.
 */
@UpsellWebTest({ "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.reconciliation.after=0s",
		"dodo.upsell.reconciliation.interval=1h" })
class ThreeDSecureTests {

	private static final String CUSTOMER = "cus_3ds";

	private String clientSecret;

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	OfferReconciler reconciler;

	@Autowired
	MutableClock clock;

	@Autowired
	InMemoryOfferRepository repository;

	@BeforeEach
	void customerWithA3dsCard() {
		this.repository.clear();
		this.dodo.customer(CUSTOMER, "sca@example.com", "Sca",
				SimCard.working("pm_3ds").behaving(CardBehaviour.REQUIRES_AUTHENTICATION));
	}

	@Test
	void theCustomerAuthenticatesInDodosCheckoutSdkWithTheClientSecretAndTheOfferConverts() throws Exception {
		Offer offer = acceptNeedingAction();
		// within the horizon reconciliation finds the payment waiting: never "no payment found"
		this.clock.advance(Duration.ofHours(23));
		try {
			this.reconciler.reconcile(10);
		}
		finally {
			// the app's clock also checks webhook timestamps: back to the simulator's time
			this.clock.advance(Duration.ofHours(-23));
		}
		Offer waiting = this.offers.find(CUSTOMER, offer.id()).orElseThrow();
		assertThat(waiting.status()).isEqualTo(OfferStatus.ACCEPTED);
		assertThat(AcceptResult.of(waiting).outcome()).isEqualTo(AcceptResult.Outcome.ACTION_REQUIRED);

		// what the shop's page does with the accept answer: Dodo's checkout SDK (the simulator's stand-in) opened
		// with the client secret; Dodo gives no link for a saved card (SDK: checkout_url "None when
		// payment_method_id is provided")
		HttpResponse<String> done = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.dodo.baseUrl().resolve("/sdk/" + this.clientSecret + "/complete"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(done.statusCode()).isEqualTo(303);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		Offer converted = this.offers.find(CUSTOMER, offer.id()).orElseThrow();
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(converted.failureReason()).isNull();
		assertThat(converted.checkoutUrl()).isNull();
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void aPaymentLeftOpenIsGivenUpAtTheHorizonWithItsOwnStatusAndStillConvertsIfTheBankSaysYesLater()
			throws Exception {
		Offer offer = acceptNeedingAction();
		this.clock.advance(Duration.ofHours(25));
		try {
			this.reconciler.reconcile(10);
		}
		finally {
			this.clock.advance(Duration.ofHours(-25));
		}
		Offer givenUp = this.offers.find(CUSTOMER, offer.id()).orElseThrow();
		assertThat(givenUp.status()).isEqualTo(OfferStatus.FAILED);
		assertThat(givenUp.failureReason()).isEqualTo("PAYMENT_REQUIRES_CUSTOMER_ACTION");
		this.dodo.authenticate(givenUp.paymentId());
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.offers.find(CUSTOMER, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void anAbandonedAuthenticationHandsOutOneCheckoutLink() throws Exception {
		Offer offer = acceptNeedingAction();
		this.dodo.abandonAuthentication(this.offers.find(CUSTOMER, offer.id()).orElseThrow().paymentId());
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		Offer redirected = this.offers.find(CUSTOMER, offer.id()).orElseThrow();
		assertThat(redirected.status()).isEqualTo(OfferStatus.REDIRECTED);
		assertThat(redirected.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(this.dodo.requests("POST /checkouts")).filteredOn((request) -> !request.body().contains("payment_method_id"))
			.hasSize(1);
	}

	@Test
	void aSecondClickWhileTheBankWaitsChargesNothingMoreAndHandsOutNoSecondWayToPay() throws Exception {
		Offer offer = acceptNeedingAction();
		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", CUSTOMER)
			.exchange().expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.result.outcome").isEqualTo("action_required")
			.jsonPath("$.result.action_url").doesNotExist()
			.jsonPath("$.result.client_secret").doesNotExist();
		assertThat(this.dodo.charges()).hasSize(1);
	}

	private Offer acceptNeedingAction() {
		Offer offer = this.offers.present(CUSTOMER, DemoData.COURSE, TestPurchases.of("order_3ds")).get(0);
		this.http.post().uri("/upsell/offers/{id}/accept", offer.id()).header("X-Test-Customer", CUSTOMER)
			.exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.outcome").isEqualTo("action_required")
			.jsonPath("$.reason").isEqualTo("ACTION_REQUIRED")
			.jsonPath("$.action_url").doesNotExist()
			.jsonPath("$.checkout_url").isEmpty()
			.jsonPath("$.publishable_key").value((key) -> assertThat((String) key).isNotBlank())
			.jsonPath("$.client_secret").value((secret) -> this.clientSecret = (String) secret);
		assertThat(this.clientSecret).isNotBlank();
		return offer;
	}

}
