package dev.upsell.test.simulator;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API, driven over HTTP only, as a test in another language or the demo would. */
class AdminApiTests {

	private DodoSimulator dodo;

	private WebhookReceiver receiver;

	private SimulatorApi api;

	@BeforeEach
	void start() throws Exception {
		this.dodo = DodoSimulator.start();
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
	void listsItsEndpointsAndTheCommandLineHelpNamesThemToo() throws Exception {
		JsonNode endpoints = this.api.get("/_simulator").body().path("endpoints");
		assertThat(endpoints.has("POST /_simulator/faults")).isTrue();
		assertThat(endpoints.has("POST /_simulator/clock/advance")).isTrue();
		assertThat(DodoSimulatorMain.usage()).contains("--webhook-timing", "--seed", "POST /_simulator/faults",
				"POST /_simulator/payments/{id}/refund");
	}

	@Test
	void customersCardsFaultsChargesRefundsAndTimingAreDrivenOverHttp() throws Exception {
		assertThat(this.api.post("/_simulator/webhooks/timing", "{\"mode\":\"before_answer\"}").body().path("timing")
			.asString()).isEqualTo("before-answer");
		assertThat(this.api.post("/_simulator/customers", """
				{"customer_id":"cus_http","email":"h@example.com","name":"Http",
				 "cards":[{"payment_method_id":"pm_http","network":"Mastercard","last4":"5454"}]}""").status())
			.isEqualTo(200);
		assertThat(this.api.post("/_simulator/customers/cus_http/cards",
				"{\"payment_method_id\":\"pm_http_3ds\",\"behaviour\":\"requires_authentication\"}").status())
			.isEqualTo(200);
		assertThat(this.api.post("/_simulator/faults",
				"{\"operation\":\"POST /payments\",\"kind\":\"garbage_html\",\"times\":1}").status()).isEqualTo(200);
		String payment = """
				{"billing":{"country":"US"},"customer":{"customer_id":"cus_http"},"payment_method_id":"%s",
				 "product_cart":[{"product_id":"prod_coaching","quantity":1}]}""";
		SimulatorApi.Response garbage = this.api.post("/payments", payment.formatted("pm_http"));
		assertThat(garbage.status()).isEqualTo(200);
		assertThat(garbage.body().isEmpty()).isTrue();
		// delivered before the answer: already here
		assertThat(this.receiver.types()).containsExactly("payment.succeeded");

		JsonNode charges = this.api.get("/_simulator/charges").body().path("items");
		assertThat(charges).hasSize(1);
		String paymentId = charges.get(0).path("paymentId").asString();
		assertThat(this.api.post("/_simulator/payments/" + paymentId + "/refund", "{\"amount\":900}").body()
			.path("refund_id").asString()).startsWith("ref_");

		String secure = this.api.post("/payments", payment.formatted("pm_http_3ds")).body().path("payment_id").asString();
		assertThat(this.api.get("/payments/" + secure).body().path("status").asString()).isEqualTo("requires_customer_action");
		assertThat(this.api.post("/_simulator/payments/" + secure + "/authenticate", "{\"complete\":true}").status())
			.isEqualTo(200);
		assertThat(this.api.get("/payments/" + secure).body().path("status").asString()).isEqualTo("succeeded");

		assertThat(this.api.post("/_simulator/subscriptions/" + DemoData.BOB_SUBSCRIPTION + "/cancel", "").status())
			.isEqualTo(200);
		assertThat(this.api.post("/_simulator/clock/advance", "{\"seconds\":1296000}").status()).isEqualTo(200);
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate())
			.isAfter(this.dodo.clock().instant());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.api.get("/_simulator/webhooks").body().path("items").findValuesAsString("type"))
				.contains("payment.succeeded", "refund.succeeded", "subscription.cancelled", "subscription.renewed"));
		assertThat(this.api.get("/_simulator/state").body().path("report").asString()).contains("before-answer");

		assertThat(this.api.post("/_simulator/modes", "{\"strict_billing_address\":false}").status()).isEqualTo(200);
		assertThat(this.dodo.modes().strictBillingAddress()).isFalse();
		assertThat(this.api.post("/_simulator/reset", "").status()).isEqualTo(200);
		assertThat(this.dodo.modes().strictBillingAddress()).isTrue();
		assertThat(this.dodo.payments()).isEmpty();
	}

	@Test
	void mistakesAnswerWithDodosErrorShape() throws Exception {
		SimulatorApi.Response unknown = this.api.post("/_simulator/nothing/here/at/all", "{}");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body().path("message").asString()).contains("GET /_simulator lists them");
		SimulatorApi.Response kind = this.api.post("/_simulator/faults", "{\"operation\":\"POST /payments\",\"kind\":\"boom\"}");
		assertThat(kind.status()).isEqualTo(422);
		assertThat(kind.body().path("message").asString()).contains("garbage_html");
		SimulatorApi.Response operation = this.api.post("/_simulator/faults",
				"{\"operation\":\"POST /nowhere\",\"kind\":\"fail_before\"}");
		assertThat(operation.status()).isEqualTo(422);
		assertThat(this.api.post("/_simulator/clock/advance", "{not json").status()).isEqualTo(400);
		assertThat(this.api.post("/_simulator/clock/advance", "{}").body().path("message").asString())
			.isEqualTo("seconds is required");
	}

}
