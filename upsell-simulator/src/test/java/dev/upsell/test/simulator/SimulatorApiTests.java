package dev.upsell.test.simulator;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own behaviour over raw HTTP; the typed client's tests cover each operation in depth. */
class SimulatorApiTests {

	private DodoSimulator dodo;

	private SimulatorApi api;

	@BeforeEach
	void start() {
		this.dodo = DodoSimulator.start();
		this.api = new SimulatorApi(this.dodo);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	@Test
	void theRequestLogKeepsTheMostRecentRequestsWithTheirStatus() throws Exception {
		try (DodoSimulator small = DodoSimulator.builder().requestLogLimit(3).start()) {
			SimulatorApi api = new SimulatorApi(small);
			for (String id : new String[] { "pay_1", "pay_2", "pay_3", "pay_4", "pay_5" }) {
				api.get("/payments/" + id);
			}
			assertThat(small.requests()).extracting(RecordedRequest::path, RecordedRequest::status)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("/payments/pay_3", 404),
						org.assertj.core.groups.Tuple.tuple("/payments/pay_4", 404),
						org.assertj.core.groups.Tuple.tuple("/payments/pay_5", 404));
		}
	}

	@Test
	void errorsUseDodosShape() throws Exception {
		SimulatorApi.Response response = this.api.get("/payments/pay_missing");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body().path("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(response.body().path("message").asString()).contains("pay_missing");
	}

	@Test
	void eachCardCaseChargesAsItsBehaviourSays() throws Exception {
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		this.api.oneClick(DemoData.EXPIRED_CARD_CUSTOMER, "pm_expired", DemoData.COACHING);
		this.api.oneClick(DemoData.DECLINING_CARD_CUSTOMER, "pm_declining", DemoData.COACHING);
		this.api.oneClick(DemoData.EUR_CARD_CUSTOMER, "pm_eur", DemoData.COACHING);
		assertThat(this.dodo.charges()).extracting(SimPayment::status, SimPayment::errorCode)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("succeeded", null),
					org.assertj.core.groups.Tuple.tuple("failed", "EXPIRED_CARD"),
					org.assertj.core.groups.Tuple.tuple("failed", "CARD_DECLINED"),
					org.assertj.core.groups.Tuple.tuple("failed", "CURRENCY_NOT_SUPPORTED"));
	}

	@Test
	void aCardOfAnotherCustomerIsRefused() throws Exception {
		SimulatorApi.Response response = this.api.oneClick(DemoData.BOB, "pm_alice_visa", DemoData.COACHING);
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body().path("code").asString()).isEqualTo("PAYMENT_METHOD_NOT_FOUND");
		assertThat(this.dodo.payments()).isEmpty();
	}

	@Test
	void anUnconfirmedSessionGetsAHostedCheckoutThatCanBePaid() throws Exception {
		SimulatorApi.Response session = this.api.post("/checkouts", """
				{"product_cart":[{"product_id":"prod_coaching","quantity":1}],"customer":{"customer_id":"cus_nocard"},
				 "return_url":"https://shop.example/thanks","metadata":{"offer_id":"off_9"}}""");
		assertThat(session.status()).isEqualTo(200);
		String url = session.body().path("checkout_url").asString();
		assertThat(url).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(this.dodo.payments()).isEmpty();
		this.dodo.completeCheckout(session.body().path("session_id").asString());
		assertThat(this.dodo.payments()).singleElement().satisfies((payment) -> {
			assertThat(payment.succeeded()).isTrue();
			assertThat(payment.metadata()).containsEntry("offer_id", "off_9");
		});
		assertThat(this.dodo.webhooks().events("payment.succeeded")).hasSize(1);
	}

	@Test
	void faultsBeforeProcessingChargeNothingAndAfterProcessingDo() throws Exception {
		this.dodo.faults().failNext("POST /checkouts", 500, 1);
		assertThat(this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING).status()).isEqualTo(500);
		assertThat(this.dodo.charges()).isEmpty();
		this.dodo.faults().failNextAfterProcessing("POST /checkouts", 502, 1);
		assertThat(this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING).status()).isEqualTo(502);
		assertThat(this.dodo.charges()).hasSize(1);
		assertThat(this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING).status()).isEqualTo(200);
	}

	@Test
	void resetRestoresTheDemoData() throws Exception {
		this.api.oneClick(DemoData.ALICE, "pm_alice_visa", DemoData.COACHING);
		this.dodo.clock().advance(Duration.ofDays(3));
		this.dodo.reset();
		assertThat(this.dodo.payments()).isEmpty();
		assertThat(this.dodo.requests()).isEmpty();
		assertThat(this.api.get("/customers/cus_alice/payment-methods").status()).isEqualTo(200);
	}

	@Test
	void requiresTheApiKeyWhenConfigured() throws Exception {
		try (DodoSimulator strict = DodoSimulator.builder().requireApiKey("sk_test_1").start()) {
			java.net.http.HttpResponse<String> wrongKey = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(strict.baseUrl().resolve("/products/prod_course"))
					.header("Authorization", "Bearer sk_test_other")
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(wrongKey.statusCode()).isEqualTo(401);
			assertThat(wrongKey.body()).contains("UNAUTHORIZED");
			assertThat(new SimulatorApi(strict).get("/products/prod_course").status()).isEqualTo(200);
		}
	}

}
