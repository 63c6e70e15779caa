package dev.upsell.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention flow over HTTP, as a host's page drives it: a reason, one save offer accepted once, or the
 * cancellation in one click; problem details for every refusal, never the customer's words echoed.
 */
@UpsellWebTest({ "dodo.upsell.retention.enabled=true", "dodo.upsell.retention.offers[0].id=free-month",
		"dodo.upsell.retention.offers[0].kind=extend", "dodo.upsell.retention.offers[0].days=30",
		"dodo.upsell.retention.offers[0].reasons=too_expensive",
		"dodo.upsell.retention.offers[0].display-text=A month on us",
		"dodo.upsell.retention.offers[1].id=pause-2", "dodo.upsell.retention.offers[1].kind=pause",
		"dodo.upsell.retention.offers[1].cycles=2" })
@SuppressWarnings("unchecked")
class RetentionWebTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	private String customer;

	private String subscription;

	@BeforeEach
	void subscriber() {
		// a fresh customer per test: the flows' in-memory store outlives the simulator's reset
		this.customer = "cus_ret_" + System.nanoTime();
		this.subscription = "sub_ret_" + System.nanoTime();
		this.dodo.customer(this.customer, this.customer + "@example.com", "Ret", SimCard.working("pm_" + this.customer));
		this.dodo.subscription(this.subscription, this.customer, DemoData.BASIC);
		this.dodo.modes().rateLimit(0);
	}

	@Test
	void aSubscriberGivesAReasonSeesTheOfferForItAndStaysWhenAccepting() {
		Instant due = this.dodo.subscription(this.subscription).orElseThrow().nextBillingDate();
		Map<?, ?> started = post("/upsell/retention/flows", "{\"subscription_id\":\"" + this.subscription + "\"}")
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(started.get("status")).isEqualTo("started");
		assertThat((List<Object>) started.get("reasons")).contains("too_expensive", "unused", "other");
		String flow = (String) started.get("flow_id");

		Map<?, ?> offered = post("/upsell/retention/flows/" + flow + "/reason",
				"{\"reason\":\"too_expensive\",\"comment\":\"<b>too much</b>\"}")
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(offered.get("status")).isEqualTo("offered");
		assertThat((Map<Object, Object>) offered.get("offer")).containsEntry("offer_id", "free-month")
			.containsEntry("kind", "extend")
			.containsEntry("days", 30)
			.containsEntry("display_text", "A month on us");
		assertThat(offered.toString()).as("the comment is not echoed").doesNotContain("too much");

		Map<?, ?> saved = post("/upsell/retention/flows/" + flow + "/accept", "")
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(saved.get("status")).isEqualTo("saved");
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().nextBillingDate())
			.isEqualTo(due.plus(Duration.ofDays(30)));
		post("/upsell/retention/flows/" + flow + "/accept", "").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("ALREADY_DECIDED");
		post("/upsell/retention/flows/" + flow + "/cancel", "").expectStatus().isEqualTo(409);
	}

	@Test
	void cancellingIsOneClickAfterStartingAndEndsTheSubscriptionAtThePeriodsEnd() {
		String flow = start();
		Map<?, ?> cancelled = post("/upsell/retention/flows/" + flow + "/cancel", "")
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(cancelled.get("status")).isEqualTo("cancelled");
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().status()).isEqualTo("active");
		this.dodo.clock().advance(Duration.ofDays(31));
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().status()).isEqualTo("cancelled");
	}

	@Test
	void aDoubleClickOnAcceptPausesOnce() throws Exception {
		String flow = start();
		post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"unused\"}").expectStatus().isOk();
		CompletableFuture<Integer> first = CompletableFuture
			.supplyAsync(() -> post("/upsell/retention/flows/" + flow + "/accept", "").returnResult().getStatus().value());
		CompletableFuture<Integer> second = CompletableFuture
			.supplyAsync(() -> post("/upsell/retention/flows/" + flow + "/accept", "").returnResult().getStatus().value());
		assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
		assertThat(this.dodo.requests("PATCH /subscriptions/{id}")).hasSize(1);
		assertThat(this.dodo.subscription(this.subscription).orElseThrow().status()).isEqualTo("paused");
	}

	@Test
	void aDowngradeFlowOffersAReasonToStayAndGoesAheadAtTheNextBillingDateInOneClick() {
		String pro = "sub_ret_pro_" + System.nanoTime();
		this.dodo.subscription(pro, this.customer, DemoData.PRO);
		Map<?, ?> started = post("/upsell/retention/flows",
				"{\"subscription_id\":\"" + pro + "\",\"downgrade_to\":\"" + DemoData.BASIC + "\"}")
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(started.get("intent")).isEqualTo("downgrade");
		assertThat(started.get("downgrade_to")).isEqualTo(DemoData.BASIC);
		String flow = (String) started.get("flow_id");
		post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"too_expensive\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.offer.offer_id")
			.isEqualTo("free-month");
		post("/upsell/retention/flows/" + flow + "/cancel", "").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("ALREADY_DECIDED");
		post("/upsell/retention/flows/" + flow + "/downgrade", "").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("downgraded");
		assertThat(this.dodo.subscription(pro).orElseThrow().scheduledProductId()).isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.subscription(pro).orElseThrow().productId()).as("until the renewal").isEqualTo(DemoData.PRO);

		String basic = "sub_ret_basic_" + System.nanoTime();
		this.dodo.subscription(basic, this.customer, DemoData.BASIC);
		post("/upsell/retention/flows",
				"{\"subscription_id\":\"" + basic + "\",\"downgrade_to\":\"" + DemoData.TEAM + "\"}")
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("NOT_CANCELLABLE");
	}

	@Test
	void refusalsAreProblemDetailsThatNeverEchoWhatTheCustomerSent() {
		String flow = start();
		post("/upsell/retention/flows/" + flow + "/reason", "{\"reason\":\"<script>x</script>\"}").expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("UNKNOWN_REASON").doesNotContain("script"));
		post("/upsell/retention/flows", "{}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("subscription_id is required and must be a string of 1 to 200 characters");
		post("/upsell/retention/flows", "{\"subscription_id\":\"" + DemoData.ALICE_SUBSCRIPTION + "\"}").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("NOT_FOUND");
		post("/upsell/retention/flows", "{\"subscription_id\":\"<img src=x onerror=alert(1)>\"}").expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("img").doesNotContain("alert"));
		this.http.get()
			.uri("/upsell/retention/flows/ret_<b>x</b>")
			.header("X-Test-Customer", this.customer)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("<b>"));
		this.http.get()
			.uri("/upsell/retention/flows/" + flow)
			.header("X-Test-Customer", DemoData.ALICE)
			.exchange()
			.expectStatus()
			.isNotFound();
		this.http.post()
			.uri("/upsell/retention/flows/" + flow + "/cancel")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private String start() {
		return (String) post("/upsell/retention/flows", "{\"subscription_id\":\"" + this.subscription + "\"}")
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("flow_id");
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
