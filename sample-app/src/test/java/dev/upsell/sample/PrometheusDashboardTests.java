package dev.upsell.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.retention.RetentionService;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard and the alert rules on a real Prometheus (Debian's {@code prometheus}, installed by
 * {@code .ci/run}; skipped with a message naming it where it is missing): Prometheus scrapes the demo with the
 * admin's basic auth while a scripted funnel runs, then every dashboard query, with {@code $__rate_interval} and
 * {@code $__range} substituted, must return data, and every alert rule must load and evaluate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dodo.upsell.webhook.tolerance=5m", "dodo.upsell.retention.save-after=1s" })
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@DirtiesContext
class PrometheusDashboardTests {

	private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

	private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	RetentionService retention;

	private Process prometheus;

	@AfterEach
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.destroyForcibly();
		}
	}

	@Test
	void everyDashboardQueryReturnsDataAndEveryAlertRuleLoads() throws Exception {
		if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
			String message = "Prometheus test SKIPPED: " + PROMETHEUS + " or " + PROMTOOL
					+ " not found. Install Debian's prometheus: apt-get install prometheus";
			System.err.println(message);
			assumeTrue(false, message);
		}
		Path rules = Path.of("dashboards/upsell-alerts.yml").toAbsolutePath();
		Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", rules.toString()).redirectErrorStream(true)
			.start();
		String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor()).as(checked).isZero();

		int prometheusPort = DemoBrowser.freePort();
		startPrometheus(prometheusPort, rules);
		String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
		awaitScrapes(api, 2);
		scriptedFunnel();
		awaitScrapes(api, 3);

		Map<String, String> failures = new LinkedHashMap<>();
		List<String> queries = dashboardQueries();
		for (String query : queries) {
			String promql = query.replace("$__rate_interval", "1m").replace("$__range", "10m");
			JsonNode answer = get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
			if (!"success".equals(answer.path("status").asString())) {
				failures.put(query, "error: " + answer.path("error").asString());
			}
			else if (answer.path("data").path("result").isEmpty()) {
				failures.put(query, "empty result");
			}
			// the report .ci/run prints: every query named, with what it returned
			System.out.println("PROMQL " + (failures.containsKey(query) ? "FAIL " + failures.get(query)
					: "ok " + answer.path("data").path("result").size() + " series") + " | " + promql);
		}
		assertThat(failures).as("dashboard queries without data, of " + queries.size()).isEmpty();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(12);

		JsonNode groups = get(api + "rules").path("data").path("groups");
		List<String> alerts = new ArrayList<>();
		groups.forEach((group) -> group.path("rules").forEach((rule) -> {
			assertThat(rule.path("health").asString()).as(rule.path("name").asString() + ": " + rule.path("lastError"))
				.isEqualTo("ok");
			alerts.add(rule.path("name").asString());
		}));
		assertThat(alerts).containsExactlyInAnyOrder("UpsellDodoErrorRate", "UpsellOffersStuckAccepted",
				"UpsellOrphanPayments", "UpsellWebhookSignatureFailures", "UpsellFulfilmentStuck",
				"UpsellExperimentSampleRatioMismatch", "UpsellExperimentGuardrail");
	}

	/**
	 * Offers accepted, declined, redirected and paid, an order bump paid with its checkout, a triggered yearly switch, a
	 * refund, a plan change, a Dodo error, a forged webhook.
	 */
	private void scriptedFunnel() throws Exception {
		DemoSession alice = new DemoSession(this.http, "alice");
		String coaching = firstOffer(alice);
		String payment = json.readTree(alice.post("/upsell/offers/" + coaching + "/accept", "{}").expectStatus().isOk()
			.expectBody().returnResult().getResponseBody()).path("payment_id").asString();
		DemoSession bob = new DemoSession(this.http, "bob");
		bob.post("/upsell/offers/" + firstOffer(bob) + "/decline", "{}").expectStatus().isOk();
		DemoSession nora = new DemoSession(this.http, "nora");
		String checkout = json.readTree(nora.post("/upsell/offers/" + firstOffer(nora) + "/accept", "{}")
			.expectStatus().isEqualTo(422).expectBody().returnResult().getResponseBody()).path("checkout_url").asString();
		this.dodo.completeCheckout(checkout.substring(checkout.lastIndexOf('/') + 1));
		// an order bump beside Bob's course, paid with his checkout, and the yearly switch shown to Alice
		String cart = "{\"cart\":[{\"product_id\":\"prod_course\",\"quantity\":1}]";
		String bump = json.readTree(bob.post("/upsell/bumps", cart + "}").expectStatus().isOk().expectBody().returnResult()
			.getResponseBody()).path(0).path("id").asString();
		String session = json.readTree(bob.post("/upsell/bumps/checkout", cart + ",\"bumps\":[\"" + bump + "\"]}")
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody()).path("session_id").asString();
		this.dodo.completeCheckout(session);
		alice.post("/upsell/moments/membership-page", "{\"subscription_id\":\"sub_alice_basic\"}").expectStatus().isOk();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		this.dodo.refund(payment, 4000L);
		alice.post("/upsell/plan-changes", "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}")
			.expectStatus().isOk();
		// a Dodo error (the subscription does not exist there) and a webhook that fails verification
		alice.post("/upsell/plan-changes/preview", "{\"subscription_id\":\"sub_nobody\",\"product_id\":\"prod_pro\"}")
			.expectStatus().isNotFound();
		this.http.post().uri("/webhooks/dodo").header("webhook-id", "msg_forged").header("webhook-timestamp",
				Long.toString(System.currentTimeMillis() / 1000)).header("webhook-signature", "v1,Zm9yZ2Vk").body("{}")
			.exchange().expectStatus().isUnauthorized();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		retentionFlows(bob, new DemoSession(this.http, "sam"));
	}

	/** Bob stays for a free month; Sam gives a reason no offer answers and cancels; both measured a second later. */
	private void retentionFlows(DemoSession bob, DemoSession sam) {
		String bobs = flow(bob, "sub_bob_pro");
		bob.post("/upsell/retention/flows/" + bobs + "/reason", "{\"reason\":\"too_expensive\"}").expectStatus().isOk();
		bob.post("/upsell/retention/flows/" + bobs + "/accept", "").expectStatus().isOk();
		String sams = flow(sam, "sub_sam_basic");
		sam.post("/upsell/retention/flows/" + sams + "/reason", "{\"reason\":\"low_quality\"}").expectStatus().isOk();
		sam.post("/upsell/retention/flows/" + sams + "/cancel", "").expectStatus().isOk();
		org.awaitility.Awaitility.await("both flows measured after save-after (1 s)")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				this.retention.maintenance().run();
				return this.retention.results(java.time.Instant.EPOCH).stream().mapToLong((tally) -> tally.measured())
					.sum() >= 2;
			});
	}

	private static String flow(DemoSession customer, String subscription) {
		byte[] body = customer.post("/upsell/retention/flows", "{\"subscription_id\":\"" + subscription + "\"}")
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody();
		return json.readTree(body).path("flow_id").asString();
	}

	private static String firstOffer(DemoSession customer) {
		byte[] body = customer.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"" + java.util.UUID.randomUUID() + "\"}").expectStatus().isOk()
			.expectBody().returnResult().getResponseBody();
		return json.readTree(body).path("offers").get(0).path("id").asString();
	}

	private void startPrometheus(int prometheusPort, Path rules) throws IOException {
		Path folder = Files.createTempDirectory("prometheus");
		Path config = folder.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: upsell-sample
				    metrics_path: /actuator/prometheus
				    basic_auth:
				      username: admin
				      password: admin
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(rules, this.port));
		this.prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(folder.resolve("prometheus.log").toFile())
			.start();
	}

	/** Waits until Prometheus has scraped the app {@code scrapes} more times (and the rules were evaluated). */
	private void awaitScrapes(String api, int scrapes) throws Exception {
		String query = api + "query?query="
				+ URLEncoder.encode("count_over_time(up{job=\"upsell-sample\"}[10m])", StandardCharsets.UTF_8);
		double[] first = { -1 };
		org.awaitility.Awaitility.await("Prometheus scraping the app " + scrapes + " more times")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptionsInstanceOf(IOException.class) // Prometheus is still starting (refused connections included)
			.until(() -> {
				JsonNode result = get(query).path("data").path("result");
				if (result.isEmpty()) {
					return false;
				}
				double count = Double.parseDouble(result.get(0).path("value").get(1).asString());
				first[0] = (first[0] < 0) ? count : first[0];
				return count - first[0] >= scrapes;
			});
	}

	private JsonNode get(String url) throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	/** Every query of the dashboard's panels. */
	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = json.readTree(Files.readString(Path.of("dashboards/upsell-grafana.json")));
		List<String> queries = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> panel.path("targets")
			.forEach((target) -> queries.add(target.path("expr").asString())));
		return queries;
	}

}
