package dev.upsell.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator as a test tool: each request's record is its own, and a reset fences off older work. */
class SimulatorTestToolTests {

	private DodoSimulator dodo;

	private WebhookReceiver receiver;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void start() throws Exception {
		this.dodo = DodoSimulator.builder().webhookTiming(WebhookTiming.afterAnswer()).start();
		this.receiver = new WebhookReceiver(this.dodo.webhookSecret());
		this.dodo.webhooks().target(this.receiver.uri());
	}

	@AfterEach
	void stop() {
		this.dodo.close();
		this.receiver.close();
	}

	@Test
	void aDelayedAnswerCompletesOnlyItsOwnRequestRecord() throws Exception {
		// The old server kept the record in an HttpExchange attribute, which belongs to the shared HttpContext:
		// the delayed answer overwrote the status of the request that came after it.
		this.dodo.faults().delayNext("GET /products/{id}", Duration.ofMillis(400), 1);
		CompletableFuture<HttpResponse<String>> slow = get("/products/" + DemoData.COURSE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dodo.requests().size() == 1);
		assertThat(get("/products/prod_missing").get().statusCode()).isEqualTo(404);
		assertThat(slow.get().statusCode()).isEqualTo(200);
		assertThat(this.dodo.requests()).extracting(RecordedRequest::path, RecordedRequest::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("/products/" + DemoData.COURSE, 200),
					org.assertj.core.groups.Tuple.tuple("/products/prod_missing", 404));
	}

	@Test
	void aDelayedAnswerFromBeforeAResetNeverShowsInTheNextRequestLog() throws Exception {
		this.dodo.faults().delayNext("GET /products/{id}", Duration.ofMillis(300), 1);
		CompletableFuture<HttpResponse<String>> slow = get("/products/" + DemoData.COURSE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dodo.requests().size() == 1);
		this.dodo.reset();
		assertThat(get("/products/" + DemoData.BASIC).get().statusCode()).isEqualTo(200);
		slow.get();
		assertThat(this.dodo.requests()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/products/" + DemoData.BASIC));
	}

	@Test
	void webhooksHeldFromBeforeAResetAreNeverDelivered() throws Exception {
		this.dodo.webhooks().pause();
		new SimulatorApi(this.dodo).oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().events()).hasSize(1);
		this.dodo.reset();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		// nothing arrives during a while after the reset, rather than at one instant after a fixed sleep
		org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
			.until(() -> this.receiver.received().isEmpty());
		assertThat(this.receiver.received()).isEmpty();
		assertThat(this.dodo.webhooks().events()).isEmpty();
		assertThat(this.dodo.payments()).isEmpty();
	}

	@Test
	void webhookRetriesFromBeforeAResetStop() throws Exception {
		this.dodo.webhooks().retryDelays(Duration.ofMillis(200), Duration.ofMillis(200));
		this.receiver.answer(500);
		new SimulatorApi(this.dodo).oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.receiver.received().size() == 1);
		this.dodo.reset();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Test
	void aFailingTestGetsAReportNamingTheSeedFaultsPaymentsAndRequests() throws Exception {
		this.dodo.webhooks().timing(WebhookTiming.mixed(42));
		this.dodo.faults().failNext("POST /payments", 503, 2);
		new SimulatorApi(this.dodo).oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		String report = this.dodo.describe();
		assertThat(report).contains("mixed (seed 42)", "POST /payments FAIL_BEFORE x2", "9900 USD cus_alice",
				"POST /checkouts /checkouts -> 200");
	}

	@Test
	void theSameSeedDrawsTheSameTimingAndAResetStartsItOver() {
		WebhookTiming first = WebhookTiming.mixed(7);
		WebhookTiming second = WebhookTiming.mixed(7);
		for (int i = 0; i < 50; i++) {
			assertThat(first.next()).isEqualTo(second.next());
		}
		WebhookTiming restarted = first.restarted();
		assertThat(restarted.next()).isEqualTo(WebhookTiming.mixed(7).next());
		assertThat(java.util.stream.IntStream.range(0, 200).mapToObj((i) -> second.next().slot()).distinct())
			.containsExactlyInAnyOrder(WebhookTiming.Slot.values());
	}

	private CompletableFuture<HttpResponse<String>> get(String path) {
		return this.http.sendAsync(HttpRequest.newBuilder(URI.create(this.dodo.baseUrl() + path))
			.header("Authorization", "Bearer " + this.dodo.apiKey()).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
