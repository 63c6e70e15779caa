package dev.upsell.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as a host built with Spring AOT runs it: the jar the build made, with the sources {@code process-aot}
 * generated, started with {@code -Dspring.aot.enabled=true}. A one-click offer is accepted and charged, its
 * webhook handled, and a plan change previewed, through the AOT-initialised context. Runs in {@code verify}
 * (failsafe), after the jar is packaged.
 */
class AotModeIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Process demo;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.demo != null) {
			this.demo.destroy();
			if (!this.demo.waitFor(20, TimeUnit.SECONDS)) {
				this.demo.destroyForcibly();
			}
		}
	}

	@Test
	void theDemoRunsInAotModeAndChargesAnOfferHandlesItsWebhookAndPreviewsAPlanChange() throws Exception {
		Path jar = Files.list(Path.of("target"))
			.filter((file) -> file.getFileName().toString().matches("upsell-sample-app-.*\\.jar"))
			.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the sample app's jar is not built"));
		assertThat(Files.exists(Path.of("target/spring-aot/main/sources"))).as("process-aot generated sources").isTrue();
		int port = freePort();
		Path log = Files.createTempFile("upsell-aot-demo", ".log");
		this.demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar.toString(), "--server.port=" + port,
				// a database of its own: the demo's file database would remember the last run's conversion
				"--spring.datasource.url=jdbc:h2:mem:aot_" + System.nanoTime())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(this.demo.isAlive()).as(() -> "the demo stopped: " + tail(log)).isTrue();
			try {
				return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
		assertThat(Files.readString(log)).as("the AOT-generated initializer is used").doesNotContain("APPLICATION FAILED");

		RestTestClient client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		DemoSession alice = new DemoSession(client, "alice");
		JsonNode purchase = JSON.readTree(alice.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"aot_1\"}")
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
		String offerId = purchase.path("offers").get(0).path("id").asString();
		alice.post("/upsell/offers/" + offerId + "/accept", "{}").expectStatus().isOk().expectBody()
			.jsonPath("$.outcome").isEqualTo("charged");
		DemoSession admin = new DemoSession(client, "admin");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.get("/actuator/prometheus")
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
			.contains("upsell_webhooks_total{outcome=\"handled\",type=\"payment.succeeded\"}"));
		alice.post("/upsell/plan-changes/preview", "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}")
			.expectStatus().isOk().expectBody()
			.jsonPath("$.charge_now.display").isEqualTo("$50.00");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path log) {
		try {
			String text = Files.readString(log);
			return text.substring(Math.max(0, text.length() - 3000));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

}
