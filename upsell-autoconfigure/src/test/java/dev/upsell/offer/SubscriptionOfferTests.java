package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimProduct;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-time buyer offered a subscription after the purchase: one click on the saved card starts it (Dodo's
 * confirmed checkout of a subscription product), the offer converts once and is counted as its own kind; a declined
 * card starts nothing and gets its checkout link.
 */
class SubscriptionOfferTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final String MEMBERSHIP = "prod_membership";

	private static final BillingAddress ADDRESS = new BillingAddress("US", "Austin", "TX", "1 Congress Ave", "78701");

	private final DodoSimulator dodo = simulator.simulator();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	private final MutableClock clock = new MutableClock(Instant.now());

	private final Funnel funnel = new Funnel("course", DemoData.COURSE,
			List.of(new FunnelStep("membership", MEMBERSHIP, OfferKind.SUBSCRIPTION, 1, ChargeMethod.CHECKOUT_SESSION,
					null, null, StepConditions.NONE, null)),
			3, 5);

	private OfferService service;

	@BeforeEach
	void membership() {
		this.dodo.product(SimProduct.monthly(MEMBERSHIP, "Membership", 1500, "USD"));
		this.service = TestOffers.with(new InMemoryOfferRepository(), this.client, this.clock)
			.funnels(List.of(this.funnel))
			.build()
			.service();
	}

	private Offer present(String customer) {
		return this.service.present(customer, DemoData.COURSE,
				PurchaseContext.of("order_" + customer).withBillingAddress(ADDRESS)).get(0);
	}

	@Test
	void oneClickOnTheSavedCardStartsTheSubscriptionOnce() {
		Offer offer = present(DemoData.ALICE);
		assertThat(offer.kind()).isEqualTo(OfferKind.SUBSCRIPTION);
		assertThat(offer.price()).isEqualTo(new Money(1500, "USD"));

		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.totalAmount()).isEqualTo(1500);
			assertThat(charge.subscriptionId()).isNotNull();
			assertThat(this.dodo.subscription(charge.subscriptionId()).orElseThrow().productId()).isEqualTo(MEMBERSHIP);
		});
		assertThat(this.client.getPayment(result.paymentId()).metadata()).containsEntry("offer_kind", "subscription");
	}

	@Test
	void aSubscriptionOfferWhoseAnswerIsLostStartsOneSubscription() {
		TestOffers parts = TestOffers.with(new InMemoryOfferRepository(), this.client, this.clock)
			.funnels(List.of(this.funnel))
			.build();
		Offer offer = parts.service().present(DemoData.BOB, DemoData.COURSE,
				PurchaseContext.of("order_bob").withBillingAddress(ADDRESS)).get(0);
		this.dodo.faults().loseAnswerNext("POST /checkouts", 1);
		assertThat(parts.service().accept(DemoData.BOB, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(parts.reconciler(this.client, this.clock, Duration.ofMinutes(2), Duration.ofHours(24)).reconcile(10))
			.isEqualTo(1);
		assertThat(parts.service().find(DemoData.BOB, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.charges()).singleElement()
			.satisfies((charge) -> assertThat(charge.subscriptionId()).isNotNull());
	}

	@Test
	void aDeclinedCardStartsNoSubscriptionAndGetsItsCheckoutLink() {
		this.dodo.customer("cus_dee", "dee@example.com", "Dee",
				SimCard.working("pm_dee").behaving(CardBehaviour.DECLINES));
		Offer offer = present("cus_dee");

		AcceptResult result = this.service.accept("cus_dee", offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(result.checkoutUrl()).isNotBlank();
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(
				this.dodo.subscription(charge.subscriptionId()).orElseThrow().status()).isEqualTo("failed"));
	}

}
