package dev.upsell.offer;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** An offer's details are typed values, stored beside the purchase under the keys earlier versions read. */
class OfferDetailsTests {

	private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");

	@Test
	void detailsStoredBesideThePurchaseReadBackAsTheyWere() {
		OfferDetails details = OfferDetails.atStep("coaching", ChargeMethod.CHECKOUT_SESSION)
			.inExperiment("copy", "warm", "Two calls")
			.pricedAt(1500L, true, false);
		Map<String, String> stored = details.storedWith(Map.of("channel", "email"));
		assertThat(stored).containsEntry("funnel_step", "coaching")
			.containsEntry("charge_with", "checkout-session")
			.containsEntry("cart_amount", "1500")
			.containsEntry("price_tax_exclusive", "true")
			.doesNotContainKey("price_previewed")
			.containsEntry("channel", "email");
		assertThat(OfferDetails.readFrom(stored)).isEqualTo(details);
		assertThat(OfferDetails.purchaseOf(stored)).containsExactly(Map.entry("channel", "email"));
		assertThat(OfferDetails.readFrom(Map.of("channel", "email"))).isEqualTo(OfferDetails.NONE);
	}

	@Test
	void anOfferBuiltFromAContextThatStillHoldsItsDetailsKeepsOnlyThePurchaseInItsContext() {
		Offer offer = new Offer("off_1", "cus_1", "rule_1", OfferKind.UPSELL, "prod_1", 1, new Money(100, "USD"),
				OfferStatus.PRESENTED, null, 0, T0, T0.plusSeconds(60), T0, null, null, null, null, null, null, null, 0,
				0, Map.of("funnel_step", "step_2", "variant", "b", "price_previewed", "true", "channel", "ads"));
		assertThat(offer.context()).containsExactly(Map.entry("channel", "ads"));
		assertThat(offer.funnelStep()).isEqualTo("step_2");
		assertThat(offer.variant()).isEqualTo("b");
		assertThat(offer.details().pricePreviewed()).isTrue();
	}

	@Test
	void aStoredChargeMethodThatIsNotKnownIsAClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> OfferDetails.readFrom(Map.of("charge_with", "cash")))
			.withMessageContaining("CASH");
	}

}
