package dev.upsell.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.plan.PlanOffers;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plan offer taken at the next billing date (reference Subscriptions: {@code effective_at: next_billing_date},
 * {@code scheduled_change}): it stays accepted until Dodo applies the change, and converts on the
 * {@code subscription.plan_changed} of the billing date, whatever reconciliation runs meanwhile.
 */
@UpsellWebTest({ "dodo.upsell.reconciliation.after=0s", "dodo.upsell.reconciliation.interval=1h",
		"dodo.upsell.plan-change.upgrade.proration-mode=full-immediately",
		"dodo.upsell.plan-change.upgrade.effective-at=next-billing-date" })
class ScheduledPlanOfferTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	PlanOffers planOffers;

	@Autowired
	OfferReconciler reconciler;

	@Autowired
	MutableClock clock;

	@Autowired
	InMemoryOfferRepository repository;

	@Test
	void aScheduledPlanOfferStaysAcceptedUntilTheBillingDateThenConverts() throws Exception {
		this.repository.clear();
		Offer offer = this.planOffers.present(DemoData.BOB, DemoData.BOB_SUBSCRIPTION, DemoData.TEAM,
				OfferKind.PLAN_UPGRADE, "pro-to-team");
		this.http.post().uri("/upsell/plan-changes").header("X-Test-Customer", DemoData.BOB)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"sub_bob_pro\",\"product_id\":\"prod_team\",\"offer_id\":\"" + offer.id() + "\"}")
			.exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("scheduled");

		// a day later: the change is still scheduled, and reconciliation must not give the offer up
		this.clock.advance(Duration.ofHours(25));
		try {
			this.reconciler.reconcile(10);
		}
		finally {
			this.clock.advance(Duration.ofHours(-25));
		}
		assertThat(state(offer)).isEqualTo(OfferStatus.ACCEPTED);

		// the billing date: Dodo applies the change and says so; the app's clock moves with Dodo's
		this.clock.advance(Duration.ofDays(16));
		try {
			this.dodo.clock().advance(Duration.ofDays(16));
			await().atMost(Duration.ofSeconds(10)).until(() -> state(offer) == OfferStatus.CONVERTED);
		}
		finally {
			this.clock.advance(Duration.ofDays(-16));
		}
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().productId()).isEqualTo(DemoData.TEAM);
	}

	private OfferStatus state(Offer offer) {
		return this.offers.find(offer.customerId(), offer.id()).orElseThrow().status();
	}

}
