package dev.upsell.web;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule (an order bump, a triggered offer) naming a product Dodo does not know: reported once Dodo answers, naming
 * the key, and it never hides the valid offers of the same purchase.
 */
@ExtendWith(OutputCaptureExtension.class)
@UpsellWebTest({ "dodo.upsell.reconciliation.enabled=false", "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.offers.rules[1].id=typo",
		"dodo.upsell.offers.rules[1].trigger-product=prod_course",
		"dodo.upsell.offers.rules[1].offer-product=prod_coachign", "dodo.upsell.checkout.bumps[0].id=typo-bump",
		"dodo.upsell.checkout.bumps[0].product=prod_workbok", "dodo.upsell.triggered.offers[0].id=typo-yearly",
		"dodo.upsell.triggered.offers[0].moment=billing-page", "dodo.upsell.triggered.offers[0].product=prod_yearly" })
class ConfiguredProductsTests {

	@Autowired
	OfferService offers;

	@Test
	void aProductDodoDoesNotKnowIsReportedByItsKeyAndHidesNoOtherOffer(CapturedOutput output) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
			.contains("dodo.upsell.offers.rules[1].offer-product names product prod_coachign, which Dodo does not know",
					"dodo.upsell.checkout.bumps[0].product names product prod_workbok",
					"dodo.upsell.triggered.offers[0].product names product prod_yearly"));
		assertThat(output.getOut()).doesNotContain("rules[0].offer-product names");
		List<Offer> shown = this.offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_typo"));
		assertThat(shown).extracting(Offer::productId).containsExactly(DemoData.COACHING);
	}

}
