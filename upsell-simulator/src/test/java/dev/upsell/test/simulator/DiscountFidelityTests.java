package dev.upsell.test.simulator;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Dodo's discount codes as the simulator has them: SDK 2.52 {@code DiscountCreateParams}, {@code Discount},
 * {@code DiscountDetail} and change-plan's {@code discount_codes}; guesses are named in {@code docs/simulator.md}.
 */
class DiscountFidelityTests {

	private static final String ALICE = "/subscriptions/" + DemoData.ALICE_SUBSCRIPTION;

	private DodoSimulator dodo;

	private SimulatorApi api;

	@BeforeEach
	void start() throws Exception {
		this.dodo = DodoSimulator.builder().start();
		this.api = new SimulatorApi(this.dodo);
	}

	@AfterEach
	void stop() {
		this.dodo.close();
	}

	// SDK DiscountCreateParams: code "will be uppercased", "at least 3 characters"; amount "at least 1" basis point
	@Test
	void aCodeIsUppercasedUniqueAndFoundByItsCode() throws Exception {
		SimulatorApi.Response created = this.api.post("/discounts",
				"{\"amount\":5000,\"type\":\"percentage\",\"code\":\"stay50\",\"subscription_cycles\":2,\"usage_limit\":1}");
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.body().path("code").asString()).isEqualTo("STAY50");
		assertThat(created.body().path("times_used").asInt()).isZero();
		JsonNode found = this.api.get("/discounts/code/STAY50").body();
		assertThat(found.path("discount_id").asString()).isEqualTo(created.body().path("discount_id").asString());
		assertThat(this.api.post("/discounts", "{\"amount\":100,\"type\":\"percentage\",\"code\":\"STAY50\"}").status())
			.as("the same code twice").isEqualTo(409);
		assertThat(this.api.post("/discounts", "{\"amount\":0,\"type\":\"percentage\"}").status()).isEqualTo(422);
		assertThat(this.api.post("/discounts", "{\"amount\":100,\"type\":\"percentage\",\"code\":\"AB\"}").status())
			.isEqualTo(422);
		String generated = this.api.post("/discounts", "{\"amount\":100,\"type\":\"percentage\"}").body()
			.path("code").asString();
		assertThat(generated).as("a random 16-character code").hasSize(16).isUpperCase();
		assertThat(this.api.get("/discounts/code/NOPE").status()).isEqualTo(404);
	}

	// SDK: subscription_cycles "Number of subscription billing cycles this discount is valid for";
	// Subscription.discounts "All stacked discounts applied", DiscountDetail.cycles_remaining
	@Test
	void aCodeOnAPlanChangeTakesItsShareOffTheNextRenewalsForItsCyclesOnly() throws Exception {
		this.api.post("/discounts",
				"{\"amount\":5000,\"type\":\"percentage\",\"code\":\"HALF2\",\"subscription_cycles\":2,\"usage_limit\":1}");
		SimulatorApi.Response changed = this.api.post(ALICE + "/change-plan", """
				{"product_id":"prod_basic","quantity":1,"proration_billing_mode":"do_not_bill",
				 "discount_codes":["half2"]}""");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body().path("payment_id").isNull()).as("nothing charged now").isTrue();
		JsonNode subscription = this.api.get(ALICE).body();
		assertThat(subscription.path("discounts").get(0).path("code").asString()).isEqualTo("HALF2");
		assertThat(subscription.path("discounts").get(0).path("cycles_remaining").asInt()).isEqualTo(2);
		for (int renewal = 0; renewal < 3; renewal++) {
			this.dodo.clock().advance(Duration.ofDays(30));
		}
		assertThat(this.dodo.payments())
			.filteredOn((p) -> DemoData.ALICE_SUBSCRIPTION.equals(p.subscriptionId()))
			.extracting(SimPayment::totalAmount)
			.as("Basic costs 30.00: half off twice, then the full price")
			.containsExactly(1500L, 1500L, 3000L);
		assertThat(this.api.get(ALICE).body().path("discounts").isEmpty()).isTrue();
		assertThat(this.api.get("/discounts/code/HALF2").body().path("times_used").asInt()).isEqualTo(1);
	}

	// SDK: usage_limit, restricted_to, expires_at; guess: such a code answers 422 INVALID_DISCOUNT_CODE
	@Test
	void aCodeUsedUpRestrictedElsewhereExpiredOrForListedCustomersIsRefusedAndChangesNothing() throws Exception {
		this.api.post("/discounts", "{\"amount\":1000,\"type\":\"percentage\",\"code\":\"ONCE\",\"usage_limit\":1}");
		this.api.post("/discounts",
				"{\"amount\":1000,\"type\":\"percentage\",\"code\":\"PROONLY\",\"restricted_to\":[\"prod_pro\"]}");
		this.api.post("/discounts",
				"{\"amount\":1000,\"type\":\"percentage\",\"code\":\"OLD\",\"expires_at\":\"2020-01-01T00:00:00Z\"}");
		this.api.post("/discounts",
				"{\"amount\":1000,\"type\":\"percentage\",\"code\":\"LISTED\",\"customer_eligibility\":\"specific\"}");
		String body = "{\"product_id\":\"prod_basic\",\"quantity\":1,\"proration_billing_mode\":\"do_not_bill\","
				+ "\"discount_codes\":[\"%s\"]}";
		assertThat(this.api.post("/subscriptions/" + DemoData.SCA_SUBSCRIPTION + "/change-plan", body.formatted("ONCE"))
			.status()).isEqualTo(200);
		for (String code : new String[] { "ONCE", "PROONLY", "OLD", "LISTED", "UNKNOWN" }) {
			SimulatorApi.Response refused = this.api.post(ALICE + "/change-plan", body.formatted(code));
			assertThat(refused.status()).as(code).isEqualTo(422);
			assertThat(refused.body().path("code").asString()).isEqualTo("INVALID_DISCOUNT_CODE");
		}
		assertThat(this.api.get(ALICE).body().path("discounts").isEmpty()).isTrue();
	}

	// SDK: a preview shares the body; the preview changes nothing and counts no use
	@Test
	void aPreviewShowsTheDiscountOnTheNewPlanWithoutUsingTheCode() throws Exception {
		this.api.post("/discounts", "{\"amount\":2000,\"type\":\"percentage\",\"code\":\"ONCE\",\"usage_limit\":1}");
		JsonNode preview = this.api.post(ALICE + "/change-plan/preview", """
				{"product_id":"prod_basic","quantity":1,"proration_billing_mode":"do_not_bill","discount_codes":["ONCE"]}""")
			.body();
		assertThat(preview.path("new_plan").path("discounts").get(0).path("code").asString()).isEqualTo("ONCE");
		assertThat(this.api.get("/discounts/code/ONCE").body().path("times_used").asInt()).isZero();
		assertThat(this.api.get(ALICE).body().path("discounts").isEmpty()).isTrue();
	}

	// SDK 2.52 discount_codes on checkouts, the preview's current_breakup.discount; guesses marked in docs/simulator.md
	@Test
	void aCheckoutTakesACodesShareOffItsLinesCountsAUseWhenPaidAndRefusesACodeThatExpiredBeforeThePage()
			throws Exception {
		this.api.post("/discounts", "{\"amount\":2000,\"type\":\"percentage\",\"code\":\"WORK20\","
				+ "\"restricted_to\":[\"prod_workbook\"],\"usage_limit\":1}");
		String cart = "\"product_cart\":[{\"product_id\":\"prod_course\",\"quantity\":1},"
				+ "{\"product_id\":\"prod_workbook\",\"quantity\":1}],\"customer\":{\"customer_id\":\"cus_alice\"},"
				+ "\"billing_address\":{\"country\":\"US\",\"zipcode\":\"94105\"},\"discount_codes\":[\"WORK20\"]";
		JsonNode preview = this.api.post("/checkouts/preview", "{" + cart + "}").body();
		assertThat(preview.path("current_breakup").path("discount").asLong()).isEqualTo(380);
		assertThat(preview.path("current_breakup").path("total_amount").asLong()).isEqualTo(4900 + 1520);
		assertThat(this.api.post("/checkouts/preview", "{" + cart.replace("prod_workbook", "prod_templates") + "}")
			.status()).as("a code for no line of the cart").isEqualTo(422);

		String session = this.api.post("/checkouts", "{" + cart + "}").body().path("session_id").asString();
		this.dodo.completeCheckout(session);
		assertThat(this.api.get("/discounts/code/WORK20").body().path("times_used").asInt()).isEqualTo(1);

		this.api.post("/discounts", "{\"amount\":2000,\"type\":\"percentage\",\"code\":\"SOON\","
				+ "\"expires_at\":\"" + this.dodo.clock().instant().plus(Duration.ofHours(1)) + "\"}");
		String later = this.api.post("/checkouts", "{" + cart.replace("WORK20", "SOON") + "}").body().path("session_id")
			.asString();
		this.dodo.clock().advance(Duration.ofHours(2));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.dodo.completeCheckout(later));
		assertThat(this.dodo.payments()).hasSize(1);
	}

}
