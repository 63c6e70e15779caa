package dev.upsell.test.simulator;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorWebhookTests {

	private DodoSimulator dodo;

	private WebhookReceiver receiver;

	private SimulatorApi api;

	@BeforeEach
	void start() throws Exception {
		// these tests are about delivery faults and order, not about the race with the answer
		this.dodo = DodoSimulator.builder().webhookTiming(WebhookTiming.afterAnswer()).start();
		this.dodo.webhooks().retryDelays(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));
		this.receiver = new WebhookReceiver(this.dodo.webhookSecret());
		this.dodo.webhooks().target(this.receiver.uri());
		this.api = new SimulatorApi(this.dodo);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
		this.receiver.close();
	}

	@Test
	void aChargeSendsASignedPaymentSucceededCarryingTheMetadata() throws Exception {
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.receiver.received()).singleElement().satisfies((received) -> {
			assertThat(received.verified()).isTrue();
			JsonNode event = JsonMapper.builder().build().readTree(received.body());
			assertThat(event.path("type").asString()).isEqualTo("payment.succeeded");
			assertThat(event.path("business_id").asString()).isNotEmpty();
			assertThat(event.path("timestamp").asString()).isNotEmpty();
			assertThat(event.path("data").path("payload_type").asString()).isEqualTo("Payment");
			assertThat(event.path("data").path("total_amount").asLong()).isEqualTo(9900);
			assertThat(event.path("data").path("metadata").path("offer_id").asString()).isEqualTo("off_1");
		});
	}

	@Test
	void aDeclinedCardSendsPaymentFailedWithTheReason() throws Exception {
		this.api.oneClick(DemoData.DECLINING_CARD_CUSTOMER, "pm_declining", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.dodo.webhooks().events()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("payment.failed");
			assertThat(event.body()).contains("\"error_code\":\"CARD_DECLINED\"");
		});
	}

	@Test
	void retriesANon2xxAnswerWithTheSameId() throws Exception {
		this.receiver.answer(500, 503);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		List<WebhookDelivery> deliveries = this.dodo.webhooks().deliveries();
		assertThat(deliveries).extracting(WebhookDelivery::status).containsExactly(500, 503, 204);
		assertThat(deliveries).extracting(WebhookDelivery::webhookId).containsOnly(deliveries.get(0).webhookId());
		assertThat(this.receiver.received()).allMatch(WebhookReceiver.Received::verified);
	}

	@Test
	void givesUpAfterTheLastRetry() throws Exception {
		this.receiver.answer(500, 500, 500, 500, 500);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.dodo.webhooks().deliveries()).hasSize(4).noneMatch(WebhookDelivery::accepted);
	}

	@Test
	void dropsDuplicatesAndReordersOnRequest() throws Exception {
		this.dodo.webhooks().dropNext(1);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		this.dodo.webhooks().duplicateNext(1);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.WORKBOOK);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		List<SimWebhook> events = this.dodo.webhooks().events();
		assertThat(events).hasSize(2);
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Received::webhookId)
			.containsExactly(events.get(1).webhookId(), events.get(1).webhookId());

		this.dodo.webhooks().reorderNext();
		this.api.oneClick(DemoData.DECLINING_CARD_CUSTOMER, "pm_declining", DemoData.COACHING);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.TEMPLATES);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		List<SimWebhook> all = this.dodo.webhooks().events();
		assertThat(this.receiver.received().subList(2, 4)).extracting(WebhookReceiver.Received::webhookId)
			.containsExactly(all.get(3).webhookId(), all.get(2).webhookId());
	}

	@Test
	void pausedDeliveriesGoOutInOrderOnResume() throws Exception {
		this.dodo.webhooks().pause();
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.WORKBOOK);
		assertThat(this.receiver.received()).isEmpty();
		this.dodo.webhooks().resume();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Received::webhookId)
			.containsExactlyElementsOf(this.dodo.webhooks().events().stream().map(SimWebhook::webhookId).toList());
	}

	@Test
	void redeliveryKeepsTheWebhookId() throws Exception {
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		this.dodo.webhooks().redeliver(this.dodo.webhooks().events().get(0));
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(this.receiver.received()).hasSize(2)
			.extracting(WebhookReceiver.Received::webhookId)
			.containsOnly(this.dodo.webhooks().events().get(0).webhookId());
	}

	@Test
	void delaysDeliveriesOnRequest() throws Exception {
		this.dodo.webhooks().delayNext(1, Duration.ofMillis(300));
		long start = System.nanoTime();
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.receiver.received()).hasSize(1);
	}

}
