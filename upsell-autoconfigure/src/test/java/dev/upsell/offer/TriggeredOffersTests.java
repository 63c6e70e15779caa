package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.Upsell;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.retention.Concurrently;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.trigger.OfferTrigger;
import dev.upsell.trigger.TriggeredOffers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Triggered offers through the Java API: shown at the host's moment, at most once per cooldown and up to the cap per
 * period, one open at a time however many requests race, never charged without the customer's click.
 */
class TriggeredOffersTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private final DodoSimulator dodo = simulator.simulator();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	private final MutableClock clock = new MutableClock(Instant.now());

	private final InMemoryOfferRepository repository = new InMemoryOfferRepository();

	/** Templates on the saved card when credits run low: a day's cooldown, twice a week at most. */
	private final OfferTrigger creditsLow = new OfferTrigger("templates-credits", "credits-low", OfferKind.CROSS_SELL,
			DemoData.TEMPLATES, 1, 0, Map.of(), List.of(), Duration.ofDays(1), 2, Duration.ofDays(7), null,
			ChargeMethod.ONE_TIME_PAYMENT);

	private final Upsell upsell = Upsell.builder(this.client)
		.store(this.repository)
		.triggers(List.of(this.creditsLow))
		.clock(this.clock)
		.build();

	private final TriggeredOffers triggered = this.upsell.triggeredOffers();

	private List<Offer> fire() {
		return this.triggered.fire(DemoData.ALICE, "credits-low", null, PurchaseContext.of(null));
	}

	@Test
	void anOfferShowsAgainOnlyAfterItsCooldownAndAtMostItsCapPerPeriodAndNothingIsChargedUntilAccepted() {
		Offer first = fire().get(0);
		assertThat(fire()).extracting(Offer::id).containsExactly(first.id());
		assertThat(this.dodo.charges()).isEmpty();
		this.upsell.offers().decline(DemoData.ALICE, first.id());
		assertThat(fire()).as("cooling down").isEmpty();

		this.clock.advance(Duration.ofDays(1).plusMinutes(1));
		Offer second = fire().get(0);
		this.upsell.offers().decline(DemoData.ALICE, second.id());
		this.clock.advance(Duration.ofDays(1).plusMinutes(1));
		assertThat(fire()).as("two shown this week: the cap").isEmpty();

		this.clock.advance(Duration.ofDays(6));
		Offer third = fire().get(0);
		assertThat(this.upsell.offers().accept(DemoData.ALICE, third.id()).outcome())
			.isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(charge.totalAmount()).isEqualTo(2900));
	}

	@Test
	void racingMomentsShowOneOfferAndEveryRequestAnswersIt() throws Exception {
		List<List<Offer>> answers = Concurrently.run(8, this::fire);
		assertThat(this.repository.findByCustomer(DemoData.ALICE)).hasSize(1);
		String id = this.repository.findByCustomer(DemoData.ALICE).get(0).id();
		assertThat(answers).allSatisfy((shown) -> assertThat(shown).extracting(Offer::id).containsExactly(id));
	}

	@Test
	void aSplitTriggeredOfferHoldsSomeCustomersOutAndKeepsEachCustomersArm() {
		dev.upsell.funnel.Experiment split = new dev.upsell.funnel.Experiment("credits-copy", 0.3,
				List.of(new dev.upsell.funnel.Variant("control", 1, null, null, null),
						new dev.upsell.funnel.Variant("short", 1, null, null, "Out of credits? Templates help")));
		OfferTrigger splitTrigger = new OfferTrigger("templates-split", "credits-low", OfferKind.CROSS_SELL,
				DemoData.TEMPLATES, 1, 0, Map.of(), List.of(), Duration.ofDays(1), 2, Duration.ofDays(7), null,
				ChargeMethod.ONE_TIME_PAYMENT, split);
		Upsell splitting = Upsell.builder(this.client).store(new InMemoryOfferRepository())
			.triggers(List.of(splitTrigger)).clock(this.clock).build();
		int shown = 0;
		for (int i = 0; i < 40; i++) {
			String customer = "cus_split_" + i;
			List<Offer> offers = splitting.triggeredOffers().fire(customer, "credits-low", null, PurchaseContext.of(null));
			String recorded = splitting.experiments().recorded("credits-copy", customer);
			if (offers.isEmpty()) {
				assertThat(recorded).as("held out, and recorded so").isEqualTo(dev.upsell.funnel.Experiment.HOLDOUT);
			}
			else {
				shown++;
				assertThat(offers.get(0).variant()).isEqualTo(recorded);
				assertThat(offers.get(0).details().displayText())
					.isEqualTo("short".equals(recorded) ? "Out of credits? Templates help" : null);
			}
		}
		assertThat(shown).isBetween(15, 39);
	}

	@Test
	void anAddOnOfferKeepsThePaidAddOnsAddsItsOwnAndIsPreviewedBeforeItIsCharged() {
		this.dodo.addon(new dev.upsell.test.simulator.SimAddon("add_storage", "More storage", 500, "USD"))
			.addon(new dev.upsell.test.simulator.SimAddon("add_seat", "Extra seat", 1000, "USD"))
			.subscriptionAddons(DemoData.ALICE_SUBSCRIPTION, Map.of("add_seat", 1));
		OfferTrigger storage = new OfferTrigger("more-storage", "storage-full", OfferKind.ADD_ON, null, 1, 0,
				Map.of("add_storage", 2), List.of(DemoData.BASIC), Duration.ofDays(7), 3, Duration.ofDays(90), null,
				ChargeMethod.ONE_TIME_PAYMENT);
		Upsell adding = Upsell.builder(this.client).store(new InMemoryOfferRepository())
			.triggers(List.of(storage)).clock(this.clock).build();
		Offer offer = adding.triggeredOffers()
			.fire(DemoData.ALICE, "storage-full", DemoData.ALICE_SUBSCRIPTION, PurchaseContext.of(null))
			.get(0);
		assertThat(offer.kind()).isEqualTo(OfferKind.ADD_ON);
		assertThat(offer.productId()).isEqualTo(DemoData.BASIC);

		dev.upsell.plan.PlanChangeOptions options = dev.upsell.plan.PlanChangeOptions.defaults().forOffer(offer.id());
		dev.upsell.plan.PlanChangeQuote quote = adding.planChanges()
			.preview(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.BASIC, 1, options);
		assertThat(quote.chargeNow().amount()).as("two more storage add-ons, prorated").isPositive();
		assertThat(this.dodo.charges()).isEmpty();
		adding.planChanges().change(DemoData.ALICE, DemoData.ALICE_SUBSCRIPTION, DemoData.BASIC, 1,
				options.quote(quote.quoteId()));
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().addons())
			.containsOnly(Map.entry("add_seat", 1), Map.entry("add_storage", 2));
		assertThat(this.dodo.requests("POST /subscriptions/{id}/change-plan")).hasSize(1);
	}

	@Test
	void aTriggerIsCheckedWhenItIsMade() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new OfferTrigger("seats", "billing-page", OfferKind.ADD_ON, null, 1, 0, Map.of(), List.of(),
					Duration.ofDays(1), 1, Duration.ofDays(30), null, ChargeMethod.ONE_TIME_PAYMENT))
			.withMessageContaining("adds seats or add-ons");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> OfferTrigger.of("x", "now", OfferKind.DOWNSELL, DemoData.WORKBOOK))
			.withMessageContaining("downsell");
	}

}
