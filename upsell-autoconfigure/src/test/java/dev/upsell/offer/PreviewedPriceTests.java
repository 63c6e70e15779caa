package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The price shown is the price charged: an offer is priced by Dodo's checkout preview for the buyer's billing
 * address (a localized price in another currency here), and a charge whose preview moved since is refused with the
 * new figure, never sent at another amount than the customer saw.
 */
class PreviewedPriceTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final OfferRule COACHING = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
			OfferKind.UPSELL, 1, null, ChargeMethod.CHECKOUT_SESSION);

	private static final BillingAddress BERLIN = new BillingAddress("DE", "Berlin", "BE", "Unter den Linden 1",
			"10117");

	private static final String BUYER = "cus_berlin";

	private final DodoSimulator dodo = simulator.simulator();

	@BeforeEach
	void buyerInBerlin() {
		this.dodo.customer(BUYER, "berlin@example.com", "Berta", SimCard.working("pm_berlin").issuedIn("DE", "EUR", "USD"));
	}

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private OfferService service(boolean pricePreview) {
		UpsellMetrics metrics = new UpsellMetrics(this.meters);
		return TestOffers
			.with(new InMemoryOfferRepository(), TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)),
					new MutableClock(Instant.now()))
			.rules(List.of(COACHING))
			.pricePreview(pricePreview)
			.events((event) -> {
				if (event instanceof OfferChanged changed) {
					metrics.onOfferChanged(changed);
				}
			})
			.build()
			.service();
	}

	private Offer presentToBerlin(OfferService service) {
		return service.present(BUYER, DemoData.COURSE, PurchaseContext.of("order_de").withBillingAddress(BERLIN))
			.get(0);
	}

	@Test
	void aBuyerWithALocalizedPriceIsShownAndChargedDodosFigureNotTheListPrice() {
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 8900, "EUR");
		OfferService service = service(true);
		Offer offer = presentToBerlin(service);
		assertThat(offer.price()).isEqualTo(new Money(8900, "EUR"));
		AcceptResult result = service.accept(BUYER, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.totalAmount()).isEqualTo(8900);
			assertThat(charge.currency()).isEqualTo("EUR");
		});
	}

	@Test
	void withoutThePreviewTheListPriceIsShownWhileDodoChargesTheLocalizedOne() {
		// what the preview is for: off, the offer says $99.00 and Dodo takes €89.00
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 8900, "EUR");
		OfferService service = service(false);
		Offer offer = presentToBerlin(service);
		assertThat(offer.price()).isEqualTo(new Money(9900, "USD"));
		service.accept(BUYER, offer.id());
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::currency).isEqualTo("EUR");
		// what was paid is counted as paid: in the payment's own currency, not the price's
		assertThat(service.find(BUYER, offer.id()).orElseThrow().paid()).isEqualTo(new Money(8900, "EUR"));
		assertThat(this.meters.find(UpsellMetrics.REVENUE).tag("currency", "EUR").counter().count()).isEqualTo(8900);
		assertThat(this.meters.find(UpsellMetrics.REVENUE).tag("currency", "USD").counter()).isNull();
	}

	@Test
	void aPriceThatMovedSinceTheOfferWasShownIsRefusedWithTheNewFigureAndNothingIsCharged() {
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 8900, "EUR");
		OfferService service = service(true);
		Offer offer = presentToBerlin(service);
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 9400, "EUR");

		assertThatExceptionOfType(OfferPriceChangedException.class)
			.isThrownBy(() -> service.accept(BUYER, offer.id()))
			.satisfies((ex) -> assertThat(ex.price()).isEqualTo(new Money(9400, "EUR")));
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(service.find(BUYER, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.PRESENTED);
		// a figure the customer did not see is no confirmation
		assertThatExceptionOfType(OfferPriceChangedException.class)
			.isThrownBy(() -> service.accept(BUYER, offer.id(), new Money(8900, "EUR")));
		assertThat(this.dodo.charges()).isEmpty();

		AcceptResult confirmed = service.accept(BUYER, offer.id(), new Money(9400, "EUR"));
		assertThat(confirmed.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(9400L);
	}

	@Test
	void aPreviewThatTimesOutWhenAcceptingChargesNothingAndLeavesTheOfferOpen() {
		this.dodo.localizedPrice(DemoData.COACHING, "DE", 8900, "EUR");
		OfferService service = service(true);
		Offer offer = presentToBerlin(service);
		// the read timeout of the test client is 2 s: Dodo's preview answers too late
		this.dodo.faults().delayNext("POST /checkouts/preview", Duration.ofSeconds(3), 1);
		assertThatExceptionOfType(dev.upsell.dodo.DodoApiException.class)
			.isThrownBy(() -> service.accept(BUYER, offer.id()));
		assertThat(this.dodo.charges()).isEmpty();
		assertThat(service.find(BUYER, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.PRESENTED);
		// the customer clicks again once Dodo answers: charged once, at the figure shown
		assertThat(service.accept(BUYER, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().extracting(SimPayment::totalAmount).isEqualTo(8900L);
	}

}
