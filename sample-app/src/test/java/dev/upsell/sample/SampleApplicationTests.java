package dev.upsell.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "dodo.upsell.retention.save-after=1s")
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@DirtiesContext
class SampleApplicationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	dev.upsell.retention.RetentionService retention;

	@Test
	void theWholeDemoFlowAsAliceAndBobCannotTouchHerOffer() throws Exception {
		DemoSession alice = new DemoSession(this.http, "alice");
		alice.get("/api/me").expectStatus().isOk().expectBody()
			.jsonPath("$.name").isEqualTo("Alice")
			.jsonPath("$.saved_card").isEqualTo("Visa •••• 4242");

		JsonNode purchase = read(alice.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"" + java.util.UUID.randomUUID() + "\"}"));
		// one step at a time: the funnel's first step, the coaching
		assertThat(purchase.path("offers")).hasSize(1);
		assertThat(purchase.path("offers").get(0).path("step").asString()).isEqualTo("coaching");
		String coaching = purchase.path("offers").get(0).path("id").asString();
		assertThat(purchase.path("offers").get(0).path("display_price").asString()).isEqualTo("$99.00");

		DemoSession bob = new DemoSession(this.http, "bob");
		bob.post("/upsell/offers/" + coaching + "/accept", "{}").expectStatus().isNotFound();

		// The charge goes through; Dodo's webhook is what confirms it.
		this.dodo.webhooks().pause();
		this.dodo.faults().failNext("GET /payments/{id}", 503, 3);
		alice.post("/upsell/offers/" + coaching + "/accept", "{}").expectStatus().isAccepted();
		alice.get("/upsell/offers").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == '" + coaching + "')].status").isEqualTo(List.of("accepted"));
		this.dodo.webhooks().resume();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		alice.get("/upsell/offers").expectStatus().isOk().expectBody()
			.jsonPath("$[?(@.id == '" + coaching + "')]").isEmpty();

		alice.get("/actuator/upsell").expectStatus().isForbidden();
		DemoSession admin = new DemoSession(this.http, "admin");
		admin.get("/actuator/upsell").expectStatus().isOk().expectBody()
			.jsonPath("$.offers.course.steps.coaching.presented").isEqualTo(1)
			.jsonPath("$.offers.course.steps.coaching.accepted").isEqualTo(1)
			.jsonPath("$.offers.course.steps.coaching.converted").isEqualTo(1)
			.jsonPath("$.offers.course.steps.coaching.conversionRate").isEqualTo(1.0)
			.jsonPath("$.offers.course.steps.coaching.revenue.USD").isEqualTo(9900)
			// accepting the coaching showed the funnel's next step, the templates
			.jsonPath("$.offers.course.steps.templates.presented").isEqualTo(1)
			.jsonPath("$.offers.course.netRevenue.USD").isEqualTo(9900)
			.jsonPath("$.experiments.coaching-copy.variants.length()").isEqualTo(2);

		// A plan upgrade, previewed then confirmed.
		String change = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}";
		alice.post("/upsell/plan-changes/preview", change).expectStatus().isOk().expectBody()
			.jsonPath("$.charge_now.display").isEqualTo("$50.00");
		alice.post("/upsell/plan-changes", change).expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("charged");
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();

		// Sam's card asks for 3-D Secure: the change waits for the bank, with Dodo's link to confirm it
		DemoSession sam = new DemoSession(this.http, "sam");
		sam.post("/upsell/plan-changes", "{\"subscription_id\":\"sub_sam_basic\",\"product_id\":\"prod_pro\"}")
			.expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("payment_required")
			.jsonPath("$.payment_link").value((link) -> assertThat((String) link).startsWith(this.dodo.baseUrl().toString()));
		assertThat(this.dodo.subscription("sub_sam_basic").orElseThrow().productId()).isEqualTo("prod_basic");
		this.dodo.authenticate(this.dodo.payments().stream().filter((p) -> p.customerId().equals("cus_sca")).findFirst()
			.orElseThrow().paymentId());
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.dodo.subscription("sub_sam_basic").orElseThrow().productId()).isEqualTo("prod_pro");

		// Bob was leaving and stays for a free month; the save is measured a second later (save-after=1s here)
		String leaving = json.readTree(bob.post("/upsell/retention/flows", "{\"subscription_id\":\"sub_bob_pro\"}")
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody()).path("flow_id").asString();
		bob.post("/upsell/retention/flows/" + leaving + "/reason", "{\"reason\":\"too_expensive\"}").expectStatus().isOk();
		bob.post("/upsell/retention/flows/" + leaving + "/accept", "").expectStatus().isOk();
		org.awaitility.Awaitility.await("the save measured").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.retention.maintenance().run() > 0);

		String prometheus = admin.get("/actuator/prometheus").expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		String variant = purchase.path("offers").get(0).path("variant").asString();
		assertThat(prometheus).contains("upsell_offers_total{kind=\"upsell\",offer=\"course\",stage=\"converted\",step=\"coaching\",variant=\"" + variant + "\"} 1.0",
				"upsell_offers_revenue_total{currency=\"USD\",kind=\"upsell\",offer=\"course\",step=\"coaching\",variant=\"" + variant + "\"} 9900.0",
				"upsell_webhooks_total{outcome=\"handled\",type=\"payment.succeeded\"}",
				"upsell_plan_changes_total{direction=\"upgrade\",mode=\"difference_immediately\",outcome=\"charged\"} 1.0",
				"upsell_dodo_requests_seconds_bucket{", "operation=\"POST /checkouts\"");

		Set<String> missing = new TreeSet<>(dashboardMetrics());
		missing.removeIf((metric) -> prometheus.contains("\n" + metric + "{") || prometheus.contains("\n" + metric + " "));
		assertThat(missing).as("metrics the dashboard queries but the app does not expose").isEmpty();
	}

	@Test
	void merchantDataNeedsTheAdminRoleHealthAndWebhooksNeedNoLogin() {
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/actuator/upsell").exchange().expectStatus().isUnauthorized();
		DemoSession alice = new DemoSession(this.http, "alice");
		alice.get("/actuator/prometheus").expectStatus().isForbidden();
		alice.get("/actuator/upsell").expectStatus().isForbidden();
		DemoSession admin = new DemoSession(this.http, "admin");
		admin.get("/actuator/prometheus").expectStatus().isOk();
		admin.get("/actuator/upsell").expectStatus().isOk();
		// the shop owner is no customer: the offer endpoints do not act for them
		admin.get("/upsell/offers").expectStatus().isUnauthorized();
		this.http.get().uri("/upsell/offers").exchange().expectStatus().isUnauthorized();
		// no session, no CSRF token, no login: rejected by its signature, not by security
		this.http.post().uri("/webhooks/dodo").body("{}").exchange().expectStatus().isBadRequest();
	}

	@Test
	void pagesCarryAContentSecurityPolicyAReferrerPolicyAndASameSiteSessionCookie() {
		this.http.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY)
			.expectHeader()
			.valueEquals("Referrer-Policy", "same-origin");
		this.http.get()
			.uri("/api/csrf")
			.headers((headers) -> headers.setBasicAuth("alice", "alice"))
			.exchange()
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, (cookie) -> assertThat(cookie).contains("HttpOnly", "SameSite=Lax"));
	}

	@Test
	void securityRefusalsUnderUpsellAreProblemDetails() {
		DemoSession alice = new DemoSession(this.http, "alice");
		// no CSRF token: Spring Security's 403, as problem details
		this.http.post()
			.uri("/upsell/offers/off_123/accept")
			.headers((headers) -> headers.setBasicAuth("alice", "alice"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(403)
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("CSRF"));
		// not signed in: 401 with the challenge kept
		this.http.get()
			.uri("/upsell/offers")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// the firewall's 400 (a path parameter) and Tomcat's own (an undecodable path), neither echoed
		alice.get("/upsell/offers/off_1;x=<b>/accept").expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class).value((body) -> assertThat(body).doesNotContain("<b>"));
		// outside /upsell the host's own error handling is untouched
		alice.get("/api/nothing;x=1").expectStatus().isBadRequest()
			.expectHeader().value(HttpHeaders.CONTENT_TYPE, (type) -> assertThat(type).doesNotContain("problem"));
	}

	@Test
	void noSavedCardGetsACheckoutLink() throws Exception {
		DemoSession nora = new DemoSession(this.http, "nora");
		JsonNode purchase = read(nora.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"" + java.util.UUID.randomUUID() + "\"}"));
		String offer = purchase.path("offers").get(0).path("id").asString();
		nora.post("/upsell/offers/" + offer + "/accept", "{}").expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.reason").isEqualTo("NO_SAVED_PAYMENT_METHOD")
			.jsonPath("$.checkout_url").value((url) -> assertThat((String) url).contains("/checkout/"));
	}

	/** Every metric name the Grafana dashboard's queries use. */
	static Set<String> dashboardMetrics() throws Exception {
		JsonNode dashboard = json.readTree(Files.readString(Path.of("dashboards/upsell-grafana.json"), StandardCharsets.UTF_8));
		Set<String> metrics = new TreeSet<>();
		Pattern name = Pattern.compile("\\b(upsell_[a-z_]+)\\b");
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				Matcher matcher = name.matcher(target.path("expr").asString());
				while (matcher.find()) {
					metrics.add(matcher.group(1));
				}
			}
		}
		assertThat(metrics).contains("upsell_offers_total", "upsell_offers_revenue_total", "upsell_webhooks_total",
				"upsell_dodo_requests_seconds_bucket");
		return metrics;
	}

	private static JsonNode read(RestTestClient.ResponseSpec response) {
		byte[] body = response.expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return json.readTree(body);
	}

	@Test
	void fiveClicksOfOneOrderAtOnceChargeTheCourseOnceAndAnswerTheSame() throws Exception {
		DemoSession bob = new DemoSession(this.http, "bob");
		String order = "order_" + java.util.UUID.randomUUID();
		String body = "{\"product_id\":\"prod_course\",\"order_id\":\"" + order + "\"}";
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
		java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		for (int click = 0; click < 5; click++) {
			answers.add(pool.submit(() -> {
				start.await();
				return read(bob.post("/api/purchase", body)).path("payment_id").asString();
			}));
		}
		start.countDown();
		java.util.Set<String> paymentIds = new java.util.HashSet<>();
		for (java.util.concurrent.Future<String> answer : answers) {
			paymentIds.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(paymentIds).hasSize(1).doesNotContain("");
		assertThat(this.dodo.payments()).filteredOn((payment) -> order.equals(payment.metadata().get("order_id")))
			.hasSize(1);
	}

	@Test
	void thePurchaseReadsABoundedBodyAndAnswersProblemDetails() {
		DemoSession bob = new DemoSession(this.http, "bob");
		int payments = this.dodo.payments().size();
		bob.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"" + "x".repeat(8000) + "\"}")
			.expectStatus().isEqualTo(413)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		bob.post("/api/purchase", "{\"product_id\":\"prod_nothing\",\"order_id\":\"order_1\"}")
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail").isEqualTo("product_id must be one of [prod_course]")
			.jsonPath("$.trace").doesNotExist();
		bob.post("/api/purchase", "{\"product_id\":\"prod_course\"}")
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.detail").isEqualTo("order_id must be 1 to 64 letters, digits, - or _");
		assertThat(this.dodo.payments()).hasSize(payments);
	}

	@Test
	void aDemoThatFailsToStartExitsInsteadOfRunningOnItsSimulator() throws Exception {
		// a setting Dodo would refuse fails start-up; the in-process simulator must not keep the JVM alive
		Process demo = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=0",
				"--dodo.upsell.plan-change.upgrade.proration-mode=prorated-immediately",
				"--dodo.upsell.plan-change.upgrade.effective-at=next-billing-date")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		boolean exited = demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
		if (!exited) {
			demo.destroyForcibly();
		}
		assertThat(exited).as("the demo's JVM exits after APPLICATION FAILED TO START").isTrue();
		assertThat(demo.exitValue()).isNotZero();
	}

}
