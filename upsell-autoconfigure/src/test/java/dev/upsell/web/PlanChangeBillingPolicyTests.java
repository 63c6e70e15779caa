package dev.upsell.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.offer.MutableClock;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing terms are the merchant's: over HTTP a signed-in customer cannot choose how a plan change is billed,
 * and cannot forge or stretch a quote. Upgrades here bill prorated; downgrades wait for the billing date.
 */
@UpsellWebTest({ "dodo.upsell.reconciliation.enabled=false",
		"dodo.upsell.plan-change.upgrade.proration-mode=prorated-immediately",
		"dodo.upsell.plan-change.downgrade.proration-mode=full-immediately",
		"dodo.upsell.plan-change.downgrade.effective-at=next-billing-date" })
class PlanChangeBillingPolicyTests {

	private static final String ALICE_TO_TEAM = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_team\"";

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void reset() {
		this.dodo.reset();
	}

	private RestTestClient.ResponseSpec post(String path, String customer, String body) {
		return this.http.post().uri(path).header("X-Test-Customer", customer).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange();
	}

	@Test
	void aSignedInCustomerCannotUpgradeForFreeWithDoNotBill() {
		for (String path : new String[] { "/upsell/plan-changes", "/upsell/plan-changes/preview" }) {
			post(path, DemoData.ALICE, ALICE_TO_TEAM + ",\"proration_mode\":\"do_not_bill\"}")
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.field").isEqualTo("proration_mode")
				.jsonPath("$.detail").value((detail) -> assertThat((String) detail)
					.startsWith("proration_mode cannot be chosen here").doesNotContain("do_not_bill"));
		}
		assertThat(this.dodo.requests()).noneMatch((request) -> request.operation().startsWith("POST"));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.BASIC);
	}

	@Test
	void aCustomerCannotChooseTheTimingOrTheFailurePolicyEither() {
		post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"on_payment_failure\":\"apply_change\"}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("on_payment_failure");
		post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"effective_at\":\"next_billing_date\"}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("effective_at");
		post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"proration_mode\":\"prorated_immediately\"}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("proration_mode");
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
	}

	@Test
	void theMerchantsPolicyBillsAnUpgradeProratedAndADowngradeAtTheBillingDate() {
		post("/upsell/plan-changes/preview", DemoData.ALICE, ALICE_TO_TEAM + "}")
			.expectStatus().isOk().expectBody()
			.jsonPath("$.direction").isEqualTo("upgrade")
			.jsonPath("$.proration_mode").isEqualTo("prorated_immediately")
			.jsonPath("$.charge_now.amount").isEqualTo(6000);
		post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + "}")
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("charged");
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(charge.totalAmount()).isEqualTo(6000));

		post("/upsell/plan-changes", DemoData.BOB, "{\"subscription_id\":\"sub_bob_pro\",\"product_id\":\"prod_basic\"}")
			.expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("scheduled")
			.jsonPath("$.quote.proration_mode").isEqualTo("full_immediately")
			.jsonPath("$.quote.effective_at").isEqualTo("next_billing_date");
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.PRO);
	}

	@Test
	void aQuoteIdRecomputedWithAFarExpiryIsRefusedAndNothingChanges() throws Exception {
		long farExpiry = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
		Map<?, ?> quote = post("/upsell/plan-changes/preview", DemoData.ALICE, ALICE_TO_TEAM + "}")
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		long charge = ((Number) ((Map<?, ?>) quote.get("charge_now")).get("amount")).longValue();
		// the digest the old ids were: anyone could make one for any expiry
		String figures = String.join("|", "sub_alice_basic", "prod_team", "1", "PRORATED_IMMEDIATELY", "IMMEDIATELY",
				Long.toString(charge), "USD", "0", "0", Long.toString(farExpiry));
		String unkeyed = "q_" + farExpiry + "_" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(figures.getBytes(StandardCharsets.UTF_8)), 0, 12);
		String reshaped = "q_" + farExpiry + "_" + ((String) quote.get("quote_id")).split("_")[2];
		this.clock.advance(Duration.ofDays(11));
		try {
			for (String forged : new String[] { unkeyed, reshaped }) {
				post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"quote_id\":\"" + forged + "\"}")
					.expectStatus().value((status) -> assertThat(status).isIn(400, 409));
			}
			// the genuine quote, 11 days later: expired by the server's clock, whatever the client says
			post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"quote_id\":\"" + quote.get("quote_id") + "\"}")
				.expectStatus().isEqualTo(409).expectBody().jsonPath("$.reason").isEqualTo("QUOTE_EXPIRED");
		}
		finally {
			this.clock.advance(Duration.ofDays(-11));
		}
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).isEmpty();
		assertThat(this.dodo.charges()).isEmpty();
	}

	@Test
	void aGenuineQuoteWithinItsLifetimeGoesThroughOnce() {
		String quoteId = (String) post("/upsell/plan-changes/preview", DemoData.ALICE, ALICE_TO_TEAM + "}")
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("quote_id");
		post("/upsell/plan-changes", DemoData.ALICE, ALICE_TO_TEAM + ",\"quote_id\":\"" + quoteId + "\"}")
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("charged");
		assertThat(this.dodo.charges()).hasSize(1);
	}

}
