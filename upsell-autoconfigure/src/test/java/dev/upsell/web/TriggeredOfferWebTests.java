package dev.upsell.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.trigger.TriggeredOffers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triggered and expansion offers from a host's side: a page says a moment has come and gets the offers the customer
 * may act on (an annual switch shown with what a year costs now, two more seats), each shown again only after its
 * cooldown; Dodo's renewal shows a discounted upgrade whose quote says the price before and after; every change goes
 * through the previewed plan change at the offer's own terms, and Dodo's webhooks convert the offers.
 */
@UpsellWebTest({ "dodo.upsell.triggered.offers[0].id=basic-yearly", "dodo.upsell.triggered.offers[0].moment=billing-page",
		"dodo.upsell.triggered.offers[0].kind=annual-switch",
		"dodo.upsell.triggered.offers[0].product=" + TriggeredOfferWebTests.BASIC_YEARLY,
		"dodo.upsell.triggered.offers[0].plans=prod_basic", "dodo.upsell.triggered.offers[1].id=two-seats",
		"dodo.upsell.triggered.offers[1].moment=billing-page", "dodo.upsell.triggered.offers[1].kind=add-on",
		"dodo.upsell.triggered.offers[1].add-seats=2", "dodo.upsell.triggered.offers[1].plans=prod_basic",
		"dodo.upsell.triggered.offers[2].id=renewal-pro", "dodo.upsell.triggered.offers[2].moment=renewal",
		"dodo.upsell.triggered.offers[2].kind=plan-upgrade", "dodo.upsell.triggered.offers[2].product=prod_pro",
		"dodo.upsell.triggered.offers[2].discount.percent-off=20",
		"dodo.upsell.triggered.offers[2].discount.cycles=3" })
@SuppressWarnings("unchecked")
class TriggeredOfferWebTests {

	static final String BASIC_YEARLY = DemoData.BASIC_YEARLY;

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	InMemoryOfferRepository repository;

	@Autowired
	TriggeredOffers triggered;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void reset() {
		this.dodo.reset();
		this.repository.clear();
	}

	private List<Map<String, Object>> moment(String customer, String moment, String subscriptionId, int status) {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> offers = this.http.post().uri("/upsell/moments/" + moment)
			.header("X-Test-Customer", customer).contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"" + subscriptionId + "\"}")
			.exchange()
			.expectStatus().isEqualTo(status)
			.expectBody(List.class).returnResult().getResponseBody();
		return offers;
	}

	private Map<?, ?> change(String customer, String path, String body, int status) {
		return this.http.post().uri("/upsell/plan-changes" + path).header("X-Test-Customer", customer)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
	}

	private Map<String, Object> ofKind(List<Map<String, Object>> offers, String kind) {
		return offers.stream().filter((offer) -> kind.equals(offer.get("kind"))).findFirst().orElseThrow();
	}

	private void awaitWebhooks() throws InterruptedException {
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void aBillingPageGetsAnAnnualSwitchWithWhatAYearCostsNowAndAcceptingItChangesThePlanOnce() throws Exception {
		List<Map<String, Object>> offers = moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200);
		assertThat(offers).extracting((offer) -> offer.get("kind")).containsExactlyInAnyOrder("annual_switch", "add_on");
		Map<String, Object> annual = ofKind(offers, "annual_switch");
		assertThat(annual.get("amount")).isEqualTo(30000);
		assertThat((Map<Object, Object>) annual.get("compare_at")).containsEntry("amount", 36000).containsEntry("saving", 6000)
			.containsEntry("display_saving", "$60.00");

		String body = "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\",\"product_id\":\"" + BASIC_YEARLY
				+ "\",\"offer_id\":\"" + annual.get("id") + "\"";
		Map<?, ?> quote = change(DemoData.ALICE, "/preview", body + "}", 200);
		change(DemoData.ALICE, "", body + ",\"quote_id\":\"" + quote.get("quote_id") + "\"}", 200);
		change(DemoData.ALICE, "", body + "}", 422);
		awaitWebhooks();

		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(BASIC_YEARLY);
		assertThat(this.repository.findById((String) annual.get("id")).orElseThrow().status())
			.isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void seatsAreOfferedOnTheSubscriptionAndTheOfferIsAcceptedOnlyAtItsOwnQuantity() throws Exception {
		Map<String, Object> seats = ofKind(moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200),
				"add_on");
		assertThat(seats.get("quantity")).isEqualTo(3);
		String body = "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\",\"product_id\":\"prod_basic\","
				+ "\"offer_id\":\"" + seats.get("id") + "\",\"quantity\":";

		assertThat(change(DemoData.ALICE, "", body + "50}", 400).get("detail").toString()).contains("offer_id");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
		change(DemoData.ALICE, "", body + "3}", 200);
		awaitWebhooks();
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().quantity()).isEqualTo(3);
	}

	@Test
	void aYearlySwitchWhoseAnswerIsLostIsSentOnceAndConvertedByDodosWebhook() throws Exception {
		Map<String, Object> annual = ofKind(moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200),
				"annual_switch");
		String body = "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\",\"product_id\":\"" + BASIC_YEARLY
				+ "\",\"offer_id\":\"" + annual.get("id") + "\"}";
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		assertThat(change(DemoData.ALICE, "", body, 202).get("status")).isEqualTo("pending");
		// clicked again: Dodo made the change whose answer was lost, so the plan is the yearly one already
		change(DemoData.ALICE, "", body, 422);
		awaitWebhooks();
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(BASIC_YEARLY);
		assertThat(this.repository.findById((String) annual.get("id")).orElseThrow().status())
			.isEqualTo(OfferStatus.CONVERTED);
	}

	@Test
	void anOfferIsShownAgainOnlyAfterItsCooldownAndTheSameOpenOfferAnswersEveryAsk() {
		List<Map<String, Object>> first = moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200);
		assertThat(moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200))
			.extracting((offer) -> offer.get("id"))
			.containsExactlyInAnyOrderElementsOf(first.stream().map((offer) -> offer.get("id")).toList());
		first.forEach((offer) -> this.http.post().uri("/upsell/offers/" + offer.get("id") + "/decline")
			.header("X-Test-Customer", DemoData.ALICE).exchange().expectStatus().isOk());

		assertThat(moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200)).isEmpty();
		this.clock.advance(Duration.ofDays(8));
		try {
			assertThat(moment(DemoData.ALICE, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200)).hasSize(2);
		}
		finally {
			this.clock.advance(Duration.ofDays(-8));
		}
		assertThat(this.repository.findByCustomer(DemoData.ALICE)).hasSize(4);
	}

	@Test
	void anotherCustomersSubscriptionAndBadMomentsGetNothing() {
		assertThat(moment(DemoData.BOB, "billing-page", DemoData.ALICE_SUBSCRIPTION, 200)).isEmpty();
		this.http.post().uri("/upsell/moments/renewal").header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isBadRequest();
		String detail = this.http.post().uri("/upsell/moments/<img>").header("X-Test-Customer", DemoData.ALICE)
			.exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
		assertThat(detail).doesNotContain("<img>");
		assertThat(this.repository.findByCustomer(DemoData.ALICE)).isEmpty();
	}

	@Test
	void dodosRenewalShowsADiscountedUpgradeWhoseQuoteSaysThePriceBeforeAndAfter() throws Exception {
		// a month on, for Dodo and for the application (which checks webhook timestamps against its clock)
		this.clock.advance(Duration.ofDays(31));
		try {
			renewalOfferIsDiscounted();
		}
		finally {
			this.clock.advance(Duration.ofDays(-31));
		}
	}

	private void renewalOfferIsDiscounted() throws Exception {
		this.dodo.clock().advance(Duration.ofDays(31));
		awaitWebhooks();
		Offer offer = this.repository.findByCustomer(DemoData.ALICE).stream()
			.filter((found) -> found.ruleId().equals("renewal-pro")).findFirst().orElseThrow();
		assertThat(offer.kind()).isEqualTo(OfferKind.PLAN_UPGRADE);
		assertThat(offer.details().discountCode()).isNotNull();

		String body = "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\",\"product_id\":\"prod_pro\","
				+ "\"offer_id\":\"" + offer.id() + "\"";
		Map<?, ?> quote = change(DemoData.ALICE, "/preview", body + "}", 200);
		assertThat((Map<Object, Object>) quote.get("discount")).containsEntry("percent_off", 20.0).containsEntry("cycles", 3);
		assertThat(((Map<?, ?>) ((Map<?, ?>) quote.get("discount")).get("new_price_after")).get("amount"))
			.isEqualTo(6400);
		assertThat(quote.get("summary").toString()).contains("then $64.00 instead of $80.00 for 3 billing cycles");

		// the offer's terms go with its own plan only: named for another plan, it lends no discount and changes nothing
		String team = "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\",\"product_id\":\"prod_team\","
				+ "\"offer_id\":\"" + offer.id() + "\"}";
		assertThat(change(DemoData.ALICE, "/preview", team, 200).get("discount")).isNull();
		change(DemoData.ALICE, "", team, 400);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();

		change(DemoData.ALICE, "", body + ",\"quote_id\":\"" + quote.get("quote_id") + "\"}", 200);
		awaitWebhooks();
		assertThat(this.repository.findById(offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan").get(0).body())
			.contains("\"discount_codes\":[\"" + offer.details().discountCode() + "\"]");
		// on Pro now: the renewal has nothing more to offer
		assertThat(this.triggered.fire(DemoData.ALICE, TriggeredOffers.RENEWAL, DemoData.ALICE_SUBSCRIPTION,
				PurchaseContext.of(null))).isEmpty();
	}

}
