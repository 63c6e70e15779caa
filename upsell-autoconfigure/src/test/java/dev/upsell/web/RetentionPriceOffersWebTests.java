package dev.upsell.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.MutableClock;
import dev.upsell.retention.RetentionService;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The save offers that touch the price, over HTTP with webhooks delivered: a discount made for the customer, and a
 * downgrade now shown with Dodo's figures and executed only at them.
 */
@UpsellWebTest({ "dodo.upsell.retention.enabled=true", "dodo.upsell.retention.offers[0].id=half-off",
		"dodo.upsell.retention.offers[0].kind=discount", "dodo.upsell.retention.offers[0].percent-off=50",
		"dodo.upsell.retention.offers[0].cycles=2", "dodo.upsell.retention.offers[0].reasons=too_expensive",
		"dodo.upsell.retention.offers[1].id=basic-now", "dodo.upsell.retention.offers[1].kind=downgrade",
		"dodo.upsell.retention.offers[1].product=prod_basic", "dodo.upsell.retention.offers[1].immediately=true",
		"dodo.upsell.retention.offers[1].reasons=missing_features", "dodo.upsell.retention.offers[2].id=basic-later",
		"dodo.upsell.retention.offers[2].kind=downgrade", "dodo.upsell.retention.offers[2].product=prod_basic",
		"dodo.upsell.retention.offers[2].reasons=too_complex", "dodo.upsell.retention.offers[3].id=call-us",
		"dodo.upsell.retention.offers[3].kind=custom", "dodo.upsell.retention.offers[3].reasons=customer_service" })
@SuppressWarnings("unchecked")
class RetentionPriceOffersWebTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	RetentionService retention;

	@Autowired
	MutableClock clock;

	private String customer;

	private String subscription;

	@BeforeEach
	void subscriber() {
		this.customer = "cus_ret_" + System.nanoTime();
		this.subscription = "sub_ret_" + System.nanoTime();
		this.dodo.customer(this.customer, this.customer + "@example.com", "Ret", SimCard.working("pm_" + this.customer));
		this.dodo.subscription(this.subscription, this.customer, DemoData.PRO);
		this.dodo.modes().rateLimit(0);
	}

	@Test
	void aDiscountOfferIsAcceptedOnceAndALostAnswerIsSettledFromTheSubscription() {
		String flow = start();
		Map<?, ?> offered = body(post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"too_expensive\"}")
			.expectStatus()
			.isOk());
		assertThat((Map<Object, Object>) offered.get("offer")).containsEntry("kind", "discount")
			.containsEntry("percent_off", 50)
			.containsEntry("cycles", 2);
		this.dodo.faults().loseAnswerNext("POST /subscriptions/{id}/change-plan", 1);
		Map<?, ?> unknown = body(post("/upsell/retention/flows/" + flow + "/accept", "").expectStatus().isAccepted());
		assertThat(unknown.get("status")).isEqualTo("outcome_unknown");
		this.clock.advance(Duration.ofMinutes(3));
		this.retention.maintenance().run();
		Map<?, ?> saved = body(this.http.get()
			.uri("/upsell/retention/flows/" + flow)
			.header("X-Test-Customer", this.customer)
			.exchange()
			.expectStatus()
			.isOk());
		assertThat(saved.get("status")).isEqualTo("saved");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.payments()).filteredOn((p) -> this.subscription.equals(p.subscriptionId()))
			.extracting((p) -> p.totalAmount())
			.as("Pro is 80.00: half off the renewal")
			.containsExactly(4000L);
	}

	@Test
	void aDowngradeNowIsShownWithDodosFiguresAndMovesThePlanOnlyAtThem() {
		String flow = start();
		Map<?, ?> offered = body(post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"missing_features\"}")
			.expectStatus()
			.isOk());
		assertThat((Map<Object, Object>) offered.get("offer")).containsEntry("kind", "downgrade")
			.containsEntry("immediately", true);
		Map<Object, Object> quote = (Map<Object, Object>) offered.get("quote");
		assertThat((Integer) ((Map<Object, Object>) quote.get("credit_added")).get("amount")).isPositive();
		assertThat(((Map<Object, Object>) quote.get("charge_now")).get("amount")).isEqualTo(0);

		Map<?, ?> forged = body(post("/upsell/retention/flows/" + flow + "/accept", "{\"quote_id\":\"made-up\"}")
			.expectStatus()
			.isEqualTo(422));
		assertThat(forged.get("status")).isEqualTo("failed");
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().productId()).isEqualTo(DemoData.PRO);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
		post("/upsell/retention/flows/" + flow + "/cancel", "").expectStatus().isOk();
	}

	@Test
	void aDowngradeNowAcceptedWithItsQuoteChangesThePlanOnce() {
		String flow = start();
		Map<?, ?> offered = body(post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"missing_features\"}")
			.expectStatus()
			.isOk());
		String quoteId = (String) ((Map<Object, Object>) offered.get("quote")).get("quote_id");
		Map<?, ?> saved = body(post("/upsell/retention/flows/" + flow + "/accept", "{\"quote_id\":\"" + quoteId + "\"}")
			.expectStatus()
			.isOk());
		assertThat(saved.get("status")).isEqualTo("saved");
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().productId()).isEqualTo(DemoData.BASIC);
		post("/upsell/retention/flows/" + flow + "/accept", "{\"quote_id\":\"" + quoteId + "\"}").expectStatus()
			.isEqualTo(409);
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
		assertThat(this.dodo.payments()).filteredOn((p) -> this.subscription.equals(p.subscriptionId())).isEmpty();
	}

	@Test
	void aDowngradeAtRenewalIsScheduledAndACustomOfferIsLeftToTheHostsListener() {
		String flow = start();
		post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"too_complex\"}").expectStatus().isOk();
		Map<?, ?> saved = body(post("/upsell/retention/flows/" + flow + "/accept", "").expectStatus().isOk());
		assertThat(saved.get("status")).isEqualTo("saved");
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().scheduledProductId()).isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.payments()).filteredOn((p) -> this.subscription.equals(p.subscriptionId())).isEmpty();

		// another customer: one save per customer (the lifetime cap)
		subscriber();
		String other = this.subscription;
		String custom = (String) body(post("/upsell/retention/flows", "{\"subscription_id\":\"" + other + "\"}")
			.expectStatus()
			.isCreated()).get("flow_id");
		post("/upsell/retention/flows/" + custom + "/reason", "{\"reason\":\"customer_service\"}").expectStatus()
			.isOk();
		int requests = this.dodo.requests("PATCH /subscriptions/{id}").size();
		Map<?, ?> kept = body(post("/upsell/retention/flows/" + custom + "/accept", "").expectStatus().isOk());
		assertThat(kept.get("status")).as("saved: the host calls the customer back").isEqualTo("saved");
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}")).as("nothing sent to Dodo").hasSize(requests);
	}

	private String start() {
		return (String) body(post("/upsell/retention/flows", "{\"subscription_id\":\"" + this.subscription + "\"}")
			.expectStatus()
			.isCreated()).get("flow_id");
	}

	private static Map<?, ?> body(RestTestClient.ResponseSpec spec) {
		return spec.expectBody(Map.class).returnResult().getResponseBody();
	}

	private RestTestClient.ResponseSpec post(String path, String body) {
		return this.http.post()
			.uri(path)
			.header("X-Test-Customer", this.customer)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

}
