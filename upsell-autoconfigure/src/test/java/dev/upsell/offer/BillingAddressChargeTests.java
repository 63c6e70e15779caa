package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Dodo call charges a saved card, by what is known of the buyer's billing address: a confirmed checkout
 * session with the full address, or with {@code minimal_address} when only the country and zipcode are known (SDK
 * 2.52); never the deprecated {@code POST /payments} unless the host chose it; and a checkout link, with nothing
 * charged, when not even a zipcode is known (Dodo would refuse the confirmed session).
 */
class BillingAddressChargeTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final OfferRule COACHING = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
			OfferKind.UPSELL, 1, null, ChargeMethod.CHECKOUT_SESSION);

	private final DodoSimulator dodo = simulator.simulator();

	private OfferService service(OfferRule rule) {
		return TestOffers
			.with(new InMemoryOfferRepository(), TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)),
					new MutableClock(Instant.now()))
			.rules(List.of(rule))
			.build()
			.service();
	}

	private AcceptResult accept(OfferRule rule, PurchaseContext purchase) {
		OfferService service = service(rule);
		Offer offer = service.present(DemoData.ALICE, DemoData.COURSE, purchase).get(0);
		return service.accept(DemoData.ALICE, offer.id());
	}

	@Test
	void aCountryAndZipcodeChargeThroughAConfirmedSessionWithMinimalAddressNotTheDeprecatedPaymentsCall() {
		AcceptResult result = accept(COACHING,
				PurchaseContext.of("order_1").withBillingAddress(new BillingAddress("DE", null, null, null, "10115")));
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.requests("POST /payments")).isEmpty();
		assertThat(this.dodo.requests("POST /checkouts")).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"minimal_address\":true")
				.contains("\"zipcode\":\"10115\"")
				.contains("\"payment_method_id\""));
	}

	@Test
	void aFullAddressChargesThroughAConfirmedSessionWithoutMinimalAddress() {
		AcceptResult result = accept(COACHING, TestPurchases.of("order_1"));
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.requests("POST /checkouts")).singleElement()
			.satisfies((request) -> assertThat(request.body()).doesNotContain("minimal_address")
				.contains("\"street\":\"1 Market St\""));
	}

	@Test
	void aCountryAloneChargesNothingAndHandsOutTheCheckoutLinkWhereDodoAsksForTheAddress() {
		AcceptResult result = accept(COACHING,
				PurchaseContext.of("order_1").withBillingAddress(BillingAddress.country("US")));
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(result.reason()).isEqualTo("BILLING_ADDRESS_INCOMPLETE");
		assertThat(result.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(this.dodo.requests("POST /payments")).isEmpty();
		assertThat(this.dodo.requests("POST /checkouts")).singleElement()
			.satisfies((request) -> assertThat(request.body()).doesNotContain("payment_method_id"));
	}

	@Test
	void theDeprecatedPaymentsCallIsUsedOnlyWhenTheHostChoseIt() {
		OfferRule oneTime = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL, 1, null,
				ChargeMethod.ONE_TIME_PAYMENT);
		AcceptResult result = accept(oneTime, PurchaseContext.of("order_1"));
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.requests("POST /checkouts")).isEmpty();
		assertThat(this.dodo.requests("POST /payments")).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"billing\":{\"country\":\"US\"}"));
	}

}
