package dev.upsell.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.catalog.Money;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimWebhook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order bumps from a host's checkout page: the bumps for its cart, the ticked ones as lines of the one Dodo checkout
 * session (a double click answers the same session), the others declined, and the checkout's payment converting the
 * ticked bump at its own line's price, once however often the webhook is replayed.
 */
@UpsellWebTest({ "dodo.upsell.checkout.bumps[0].id=workbook", "dodo.upsell.checkout.bumps[0].product=prod_workbook",
		"dodo.upsell.checkout.bumps[0].cart-contains=prod_course",
		"dodo.upsell.checkout.bumps[0].display-text=Add the workbook at half price",
		"dodo.upsell.checkout.bumps[0].discount.percent-off=50", "dodo.upsell.checkout.bumps[1].id=templates",
		"dodo.upsell.checkout.bumps[1].product=prod_templates",
		"dodo.upsell.checkout.bumps[1].cart-contains=prod_course" })
@SuppressWarnings("unchecked")
class OrderBumpWebTests {

	private static final String COURSE_CART = "[{\"product_id\":\"prod_course\",\"quantity\":1}]";

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	InMemoryOfferRepository repository;

	@BeforeEach
	void reset() {
		this.dodo.reset();
		this.repository.clear();
	}

	private List<Map<String, Object>> bumps(String customer, String cart) {
		return this.http.post().uri("/upsell/bumps").header("X-Test-Customer", customer)
			.contentType(MediaType.APPLICATION_JSON).body("{\"cart\":" + cart + "}").exchange()
			.expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
	}

	private RestTestClient.ResponseSpec checkout(String customer, String... ticked) {
		String ids = String.join(",", java.util.Arrays.stream(ticked).map((id) -> "\"" + id + "\"").toList());
		return this.http.post().uri("/upsell/bumps/checkout").header("X-Test-Customer", customer)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"cart\":" + COURSE_CART + ",\"bumps\":[" + ids + "]}").exchange();
	}

	private String sessionOf(RestTestClient.ResponseSpec answer) {
		Map<String, Object> body = answer.expectStatus().isCreated().expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat((String) body.get("checkout_url")).isNotBlank();
		return (String) body.get("session_id");
	}

	private Offer stored(Object id) {
		return this.repository.findById((String) id).orElseThrow();
	}

	private void awaitWebhooks() throws InterruptedException {
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void theTickedBumpIsALineOfTheCheckoutAndItsPaymentConvertsItAtItsOwnPriceOnce() throws Exception {
		List<Map<String, Object>> shown = bumps(DemoData.ALICE, COURSE_CART);
		assertThat(shown).extracting((bump) -> bump.get("kind")).containsOnly("order_bump");
		Map<String, Object> workbook = shown.get(0);
		assertThat(workbook.get("amount")).isEqualTo(950);
		assertThat(workbook.get("display_text")).isEqualTo("Add the workbook at half price");
		assertThat((Map<String, Object>) workbook.get("compare_at")).containsEntry("amount", 1900);
		assertThat(bumps(DemoData.ALICE, COURSE_CART)).extracting((bump) -> bump.get("id"))
			.containsExactlyElementsOf(shown.stream().map((bump) -> bump.get("id")).toList());

		String session = sessionOf(checkout(DemoData.ALICE, (String) workbook.get("id")));
		assertThat(sessionOf(checkout(DemoData.ALICE, (String) workbook.get("id")))).isEqualTo(session);
		assertThat(this.dodo.requests("POST /checkouts")).singleElement().satisfies((request) -> assertThat(
				request.body()).contains("prod_course", "prod_workbook", "\"upsell_bumps\":\"" + workbook.get("id"),
						"\"discount_codes\":[\"" + stored(workbook.get("id")).details().discountCode() + "\"]")
			.doesNotContain("prod_templates"));
		assertThat(stored(shown.get(1).get("id")).status()).isEqualTo(OfferStatus.DECLINED);

		this.dodo.completeCheckout(session);
		awaitWebhooks();
		Offer converted = stored(workbook.get("id"));
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(converted.paid()).isEqualTo(new Money(950, "USD"));
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(this.dodo.payments()).singleElement()
			.satisfies((payment) -> assertThat(payment.totalAmount()).isEqualTo(4900 + 950));

		// Dodo's dashboard replays the payment days later: the bump is counted once
		SimWebhook succeeded = this.dodo.webhooks().events("payment.succeeded").get(0);
		this.dodo.webhooks().redeliver(succeeded);
		awaitWebhooks();
		assertThat(stored(workbook.get("id"))).isEqualTo(converted);
	}

	@Test
	void aLostAnswerCreatingTheSessionLeavesTheBumpsToTickAgainAndOnlyThePaidSessionConverts() throws Exception {
		Map<String, Object> templates = bumps(DemoData.ALICE, COURSE_CART).get(1);
		this.dodo.faults().loseAnswerNext("POST /checkouts", 1);
		checkout(DemoData.ALICE, (String) templates.get("id")).expectStatus().is5xxServerError();
		assertThat(stored(templates.get("id")).status()).isEqualTo(OfferStatus.PRESENTED);

		String session = sessionOf(checkout(DemoData.ALICE, (String) templates.get("id")));
		this.dodo.completeCheckout(session);
		awaitWebhooks();
		assertThat(stored(templates.get("id")).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(stored(templates.get("id")).paid()).isEqualTo(new Money(2900, "USD"));
	}

	@Test
	void anotherCustomersBumpADeclinedOneAndBadCartsAreRefusedBeforeDodoIsAsked() {
		List<Map<String, Object>> shown = bumps(DemoData.ALICE, COURSE_CART);
		checkout(DemoData.BOB, (String) shown.get(0).get("id")).expectStatus().isNotFound();
		checkout(DemoData.ALICE).expectStatus().isCreated();
		checkout(DemoData.ALICE, (String) shown.get(1).get("id")).expectStatus().isEqualTo(410);
		this.http.post().uri("/upsell/bumps").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON).body("{\"cart\":[{\"product_id\":\"<b>\",\"quantity\":0}]}")
			.exchange().expectStatus().isBadRequest().expectBody(String.class)
			.value((body) -> assertThat(body).contains("quantity").doesNotContain("<b>"));
		assertThat(bumps(DemoData.ALICE, "[{\"product_id\":\"prod_workbook\",\"quantity\":1}]")).isEmpty();
		assertThat(this.dodo.requests("POST /checkouts")).hasSize(1);
	}

	@Test
	void aBumpCannotBeBoughtAloneInOneClickAtItsBumpPrice() {
		Map<String, Object> workbook = bumps(DemoData.ALICE, COURSE_CART).get(0);
		this.http.post().uri("/upsell/offers/" + workbook.get("id") + "/accept").header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isBadRequest();
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(stored(workbook.get("id")).status()).isEqualTo(OfferStatus.PRESENTED);
	}

	@Test
	void aBumpShownBesideTheCourseCannotBeCheckedOutBesideAnotherCartAtItsBumpPrice() {
		Map<String, Object> workbook = bumps(DemoData.ALICE, COURSE_CART).get(0);
		String body = this.http.post().uri("/upsell/bumps/checkout").header("X-Test-Customer", DemoData.ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"cart\":[{\"product_id\":\"prod_templates\",\"quantity\":1}],\"bumps\":[\"" + workbook.get("id")
					+ "\"]}")
			.exchange()
			.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).contains("is not beside the cart it was shown for");
		assertThat(this.dodo.requests("POST /checkouts")).isEmpty();
		assertThat(stored(workbook.get("id")).status()).isEqualTo(OfferStatus.PRESENTED);
	}

}
