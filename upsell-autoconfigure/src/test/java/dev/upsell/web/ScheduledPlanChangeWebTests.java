package dev.upsell.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/** "Keep my plan" over HTTP: the scheduled change cancelled in one click, problem details when there is none. */
@UpsellWebTest
class ScheduledPlanChangeWebTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	PlanChangeService plans;

	@Test
	void aScheduledDowngradeIsCancelledInOneClickAndASecondClickIsToldThereIsNone() {
		String customer = "cus_keep_" + System.nanoTime();
		String subscription = "sub_keep_" + System.nanoTime();
		this.dodo.modes().rateLimit(0);
		this.dodo.customer(customer, customer + "@example.com", "Keep", SimCard.working("pm_" + customer));
		this.dodo.subscription(subscription, customer, DemoData.PRO);
		this.plans.change(customer, subscription, DemoData.BASIC, 1,
				PlanChangeOptions.mode(ProrationMode.FULL_IMMEDIATELY).effective(EffectiveAt.NEXT_BILLING_DATE));
		cancel(customer, subscription).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.kept_product_id")
			.isEqualTo(DemoData.PRO)
			.jsonPath("$.cancelled_product_id")
			.isEqualTo(DemoData.BASIC);
		assertThat(this.dodo.subscription(subscription).orElseThrow().scheduledProductId()).isNull();
		cancel(customer, subscription).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("NOTHING_SCHEDULED");
		cancel(DemoData.ALICE, subscription).expectStatus().isNotFound();
	}

	private RestTestClient.ResponseSpec cancel(String customer, String subscription) {
		return this.http.post()
			.uri("/upsell/plan-changes/scheduled/cancel")
			.header("X-Test-Customer", customer)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"" + subscription + "\"}")
			.exchange();
	}

}
