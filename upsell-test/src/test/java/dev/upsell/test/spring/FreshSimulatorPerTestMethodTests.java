package dev.upsell.test.spring;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.WebhookTiming;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EnableDodoSimulator} gives each test method a fresh simulator, whatever the order: every method
 * leaves charges, a card, a fault, a mode, a timing and a moved clock behind, and every method starts without
 * them.
 */
@SpringJUnitConfig(FreshSimulatorPerTestMethodTests.Config.class)
@EnableDodoSimulator(deliverWebhooks = false)
@TestMethodOrder(MethodOrderer.Random.class)
class FreshSimulatorPerTestMethodTests {

	@Autowired
	DodoSimulator dodo;

	@RepeatedTest(3)
	void first() throws Exception {
		startsFreshThenLeavesStateBehind();
	}

	@RepeatedTest(3)
	void second() throws Exception {
		startsFreshThenLeavesStateBehind();
	}

	@RepeatedTest(3)
	void third() throws Exception {
		startsFreshThenLeavesStateBehind();
	}

	private void startsFreshThenLeavesStateBehind() throws Exception {
		assertThat(this.dodo.payments()).isEmpty();
		assertThat(this.dodo.requests()).isEmpty();
		assertThat(this.dodo.webhooks().events()).isEmpty();
		assertThat(this.dodo.modes().strictBillingAddress()).isTrue();
		assertThat(this.dodo.webhooks().timing().toString()).startsWith("mixed");
		assertThat(this.dodo.clock().instant()).isBefore(java.time.Instant.now().plus(Duration.ofDays(1)));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId())
			.isEqualTo(DemoData.BASIC);

		this.dodo.card(DemoData.ALICE, SimCard.working("pm_extra").behaving(CardBehaviour.DECLINES));
		this.dodo.faults().failNext("POST /checkouts", 500, 5);
		this.dodo.modes().strictBillingAddress(false);
		this.dodo.webhooks().timing(WebhookTiming.beforeAnswer());
		this.dodo.clock().advance(Duration.ofDays(40));
		java.net.http.HttpResponse<String> charged = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(this.dodo.baseUrl().resolve("/payments"))
				.header("content-type", "application/json")
				.header("Authorization", "Bearer " + this.dodo.apiKey())
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
						{"billing":{"country":"US"},"customer":{"customer_id":"cus_alice"},"payment_method_id":"pm_alice_visa",
						 "product_cart":[{"product_id":"prod_coaching","quantity":1}]}"""))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(charged.statusCode()).isEqualTo(200);
		assertThat(this.dodo.charges()).isNotEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
