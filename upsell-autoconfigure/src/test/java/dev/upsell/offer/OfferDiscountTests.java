package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Offers with a Dodo discount: the price shown is the discounted one, the price before it is kept for the page, the
 * charge sends the code and Dodo takes the shown figure, once. A code made per offer is single-use and limited to the
 * offered product; a dashboard code Dodo no longer takes leaves the offer at its full price.
 */
class OfferDiscountTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final BillingAddress ADDRESS = new BillingAddress("US", "San Francisco", "CA", "1 Market St",
			"94105");

	private final DodoSimulator dodo = simulator.simulator();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	private final MutableClock clock = new MutableClock(Instant.now());

	private TestOffers offers(OfferDiscount discount, boolean pricePreview) {
		Funnel funnel = new Funnel("course", DemoData.COURSE,
				List.of(new FunnelStep("coaching", DemoData.COACHING, OfferKind.UPSELL, 1,
						ChargeMethod.CHECKOUT_SESSION, null, null, StepConditions.NONE, null, discount)),
				3, 5);
		return TestOffers.with(new InMemoryOfferRepository(), this.client, this.clock)
			.funnels(List.of(funnel))
			.pricePreview(pricePreview)
			.build();
	}

	private Offer present(OfferService service, String customer) {
		return service.present(customer, DemoData.COURSE, PurchaseContext.of("order_" + customer)
			.withBillingAddress(ADDRESS)).get(0);
	}

	@Test
	void aShareOffIsShownBeforeAndAfterAndDodoChargesTheShownFigureOnce() {
		OfferService service = offers(OfferDiscount.percentOff(20), true).service();
		Offer offer = present(service, DemoData.ALICE);

		assertThat(offer.price()).isEqualTo(new Money(7920, "USD"));
		assertThat(offer.details().compareAtPrice()).isEqualTo(9900);
		String code = offer.details().discountCode();
		assertThat(code).isEqualTo(OfferDiscount.codeFor(offer.id()));

		assertThat(service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> service.accept(DemoData.ALICE, offer.id()));
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(7920L);
		assertThat(this.dodo.requests("POST /checkouts").get(0).body()).contains("\"discount_codes\":[\"" + code + "\"]")
			.contains("\"discount_code\":\"" + code + "\"");
	}

	@Test
	void theCodeMadeForAnOfferIsSingleUseForTheOfferedProductAndOutlivesTheOfferByACheckoutsLife() {
		Offer offer = present(offers(OfferDiscount.percentOff(20), true).service(), DemoData.ALICE);

		Discount discount = this.client.getDiscountByCode(offer.details().discountCode());
		assertThat(discount.usageLimit()).isEqualTo(1);
		assertThat(discount.restrictedTo()).containsExactly(DemoData.COACHING);
		// a checkout link made from the offer (a declined card's) lives a day: its code too
		assertThat(discount.expiresAt()).isEqualTo(offer.expiresAt().plus(Duration.ofHours(24)));
		// the code seen on the page does not discount another product
		assertThatExceptionOfType(DodoApiException.class)
			.isThrownBy(() -> this.client.previewCheckout(new CheckoutSessionRequest(
					List.of(new CartItem(DemoData.WORKBOOK, 1, null)), CustomerRef.existing(DemoData.BOB), null, null,
					null, null, null, null, ADDRESS, null, null, List.of(offer.details().discountCode()))))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("INVALID_DISCOUNT_CODE"));
	}

	@Test
	void aDiscountedChargeWhoseAnswerIsLostIsNeverSentTwiceAndTheCodeIsUsedOnce() {
		TestOffers parts = offers(OfferDiscount.percentOff(25), true);
		OfferService service = parts.service();
		Offer offer = present(service, DemoData.ALICE);
		this.dodo.faults().loseAnswerNext("POST /checkouts", 1);

		assertThat(service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> service.accept(DemoData.ALICE, offer.id()));
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(parts.reconciler(this.client, this.clock, Duration.ofMinutes(2), Duration.ofHours(24))
			.reconcile(10)).isEqualTo(1);

		assertThat(service.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(7425L);
		assertThat(this.client.getDiscountByCode(offer.details().discountCode()).timesUsed()).isEqualTo(1);
	}

	@Test
	void withoutPreviewsTheShareIsTakenOffTheListPriceAndDodoChargesTheSameFigure() {
		OfferService service = offers(OfferDiscount.percentOff(15), false).service();
		Offer offer = present(service, DemoData.ALICE);

		assertThat(offer.price()).isEqualTo(new Money(8415, "USD"));
		service.accept(DemoData.ALICE, offer.id());
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(8415L);
	}

	@Test
	void aDashboardCodeIsAppliedWhileDodoTakesItAndAnExpiredOneLeavesTheFullPrice() {
		this.client.createDiscount(new DiscountRequest(1000, "percentage", "COACH10", null, null, null,
				List.of(DemoData.COACHING), "Coaching 10 %", Map.of()));
		this.client.createDiscount(new DiscountRequest(5000, "percentage", "GONE50", null, null, null, null, "Gone",
				Map.of(), this.clock.instant().minusSeconds(60)));

		Offer tenOff = present(offers(OfferDiscount.code("coach10"), true).service(), DemoData.ALICE);
		assertThat(tenOff.price()).isEqualTo(new Money(8910, "USD"));
		assertThat(tenOff.details().discountCode()).isEqualTo("COACH10");

		Offer full = present(offers(OfferDiscount.code("GONE50"), true).service(), DemoData.BOB);
		assertThat(full.price()).isEqualTo(new Money(9900, "USD"));
		assertThat(full.details().discountCode()).isNull();
		assertThat(full.details().compareAtPrice()).isNull();
	}

	@Test
	void aStepDiscountNamesACodeOrAShareNotBothNorNeither() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new OfferDiscount(null, 0, null))
			.withMessageContaining("percent-off");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new OfferDiscount("SUMMER", 10, null))
			.withMessageContaining("not both");
	}

}
