package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which saved method one click charges, against the simulator's lists as Dodo sends them: the one the customer
 * used last ({@code last_used_at}), and a wallet whose {@code recurring_enabled} Dodo leaves {@code null}.
 */
class SavedMethodChoiceTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final OfferRule COACHING = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
			OfferKind.UPSELL, 1, null, ChargeMethod.CHECKOUT_SESSION);

	private final DodoSimulator dodo = simulator.simulator();

	private final OfferService offers = TestOffers
		.with(new InMemoryOfferRepository(), TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)),
				new MutableClock(Instant.now()))
		.rules(List.of(COACHING, new OfferRule("workbook", DemoData.COACHING, DemoData.WORKBOOK, OfferKind.CROSS_SELL,
				1, null, ChargeMethod.CHECKOUT_SESSION)))
		.build()
		.service();

	@Test
	void theCardUsedLastIsChargedNotTheFirstListed() {
		this.dodo.customer("cus_two", "two@example.com", "Two Cards", SimCard.working("pm_old"),
				SimCard.working("pm_new").network("Mastercard", "4444"));
		// the customer's purchase was paid with the second card
		TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2))
			.createCheckoutSession(new dev.upsell.dodo.CheckoutSessionRequest(
					List.of(dev.upsell.dodo.CartItem.of(DemoData.COURSE, 1)), dev.upsell.dodo.CustomerRef.existing("cus_two"),
					"pm_new", true, null, null, java.util.Map.of(), null, TestPurchases.ADDRESS, null));
		Offer offer = this.offers.present("cus_two", DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		assertThat(this.offers.accept("cus_two", offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).last().extracting((charge) -> charge.paymentMethodId()).isEqualTo("pm_new");
	}

	@Test
	void aWalletWhoseRecurringFlagDodoLeavesNullIsChargedInOneClick() {
		this.dodo.customer("cus_wallet", "wallet@example.com", "Wanda", SimCard.wallet("pm_apple", "apple_pay"));
		Offer offer = this.offers.present("cus_wallet", DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		assertThat(this.offers.accept("cus_wallet", offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().extracting((charge) -> charge.paymentMethodId())
			.isEqualTo("pm_apple");
	}

}
