package dev.upsell.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.scheduling.OfferMaintenance;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money taken for an offer the store does not know (a lost offer) is never silent: the webhook and the
 * reconciliation scan report it once, on the {@code upsell.orphan.payments} meter and the {@code upsell}
 * actuator endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@DirtiesContext
class OrphanPaymentTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	DodoClient client;

	@Autowired
	MeterRegistry meters;

	@Autowired
	OfferMaintenance maintenance;

	@Test
	void anInjectedOrphanIsCountedOnceByWebhookAndScanAndShownOnTheEndpoint() throws Exception {
		String lost = this.client.createPayment(new OneTimePaymentRequest(BillingAddress.country("US"),
				CustomerRef.existing(DemoData.ALICE), List.of(CartItem.of(DemoData.COACHING, 1)), "pm_alice_visa", null,
				Map.of("offer_id", "off_0123456789abcdef0123456789abcdef"), null, null))
			.paymentId();
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.meters.find("upsell.orphan.payments").counter() != null);
		// the reconciliation scan finds the same payment again: still one orphan
		this.maintenance.runOnce();
		assertThat(this.meters.get("upsell.orphan.payments").counter().count()).isEqualTo(1.0);
		new DemoSession(this.http, "admin").get("/actuator/upsell").expectStatus().isOk().expectBody()
			.jsonPath("$.orphanPayments.count").isEqualTo(1)
			.jsonPath("$.orphanPayments.recent[0]").isEqualTo(lost);
	}

}
