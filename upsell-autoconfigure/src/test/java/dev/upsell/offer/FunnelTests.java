package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimProduct;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Funnels end to end on the simulator: a three-step funnel walked by accept and decline, the caps per order,
 * each step condition and the host's targeting, experiments' holdout and variants (product, text, and a price
 * sent as the cart amount, which the simulator charges).
 */
class FunnelTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private final DodoSimulator dodo = simulator.simulator();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final InMemoryOfferRepository repository = new InMemoryOfferRepository();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	/** Coaching; on accept the templates (a second upsell), on decline the workbook, then the templates. */
	static Funnel courseFunnel(int maxAccepted, int maxShown, StepConditions coachingWhen, Experiment experiment) {
		return new Funnel("course", DemoData.COURSE, List.of(
				new FunnelStep("coaching", DemoData.COACHING, OfferKind.UPSELL, 1, ChargeMethod.CHECKOUT_SESSION,
						"templates", "workbook", coachingWhen, experiment),
				new FunnelStep("workbook", DemoData.WORKBOOK, OfferKind.DOWNSELL, 1, ChargeMethod.CHECKOUT_SESSION,
						"templates", null, StepConditions.NONE, null),
				new FunnelStep("templates", DemoData.TEMPLATES, OfferKind.UPSELL, 1, ChargeMethod.ONE_TIME_PAYMENT, null,
						null, StepConditions.NONE, null)),
				maxAccepted, maxShown);
	}

	private OfferService service(Funnel funnel) {
		return service(funnel, OfferTargeting.everyone());
	}

	private OfferService service(Funnel funnel, OfferTargeting targeting) {
		DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));
		return TestOffers.with(this.repository, client, this.clock)
			.funnels(List.of(funnel))
			.targeting(targeting)
			.events(this.events::add)
			.build()
			.service();
	}

	private static StepConditions when(Long min, Long max, List<String> contains, List<String> countries,
			List<String> owns, List<String> notOwns, Map<String, String> attributes) {
		return new StepConditions(min, max, contains, countries, owns, notOwns, attributes);
	}

	@Test
	void aThreeStepFunnelShowsOneStepAtATimeAcceptLeadsToTheSecondUpsellDeclineToTheDownsell() {
		OfferService offers = service(courseFunnel(3, 5, StepConditions.NONE, null));
		List<Offer> first = offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1"));
		assertThat(first).singleElement().satisfies((offer) -> {
			assertThat(offer.productId()).isEqualTo(DemoData.COACHING);
			assertThat(offer.ruleId()).isEqualTo("course");
			assertThat(offer.funnelStep()).isEqualTo("coaching");
		});
		assertThat(offers.accept(DemoData.ALICE, first.get(0).id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		Offer second = onlyOpen(offers, DemoData.ALICE);
		assertThat(second.funnelStep()).isEqualTo("templates");
		assertThat(second.parentOfferId()).isEqualTo(first.get(0).id());
		assertThat(second.triggerReference()).isEqualTo("order_1");
		assertThat(offers.accept(DemoData.ALICE, second.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(presented(offers, DemoData.ALICE)).isEmpty();
		// the templates step charged as its step says: a one-time payment
		assertThat(this.dodo.requests("POST /payments")).hasSize(1);

		Offer bobs = offers.present(DemoData.BOB, DemoData.COURSE, TestPurchases.of("order_2")).get(0);
		DeclineResult declined = offers.decline(DemoData.BOB, bobs.id());
		assertThat(declined.downsell()).isNotNull();
		assertThat(declined.downsell().funnelStep()).isEqualTo("workbook");
		assertThat(declined.downsell().kind()).isEqualTo(OfferKind.DOWNSELL);
		offers.accept(DemoData.BOB, declined.downsell().id());
		assertThat(onlyOpen(offers, DemoData.BOB).funnelStep()).isEqualTo("templates");
	}

	@Test
	void noMoreThanMaxAcceptedOffersPerOrderAndMaxStepsShown() {
		OfferService oneAccepted = service(courseFunnel(1, 5, StepConditions.NONE, null));
		Offer coaching = oneAccepted.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		oneAccepted.accept(DemoData.ALICE, coaching.id());
		assertThat(presented(oneAccepted, DemoData.ALICE)).as("cap of 1 accepted reached").isEmpty();

		OfferService oneShown = service(courseFunnel(3, 1, StepConditions.NONE, null));
		Offer bobs = oneShown.present(DemoData.BOB, DemoData.COURSE, TestPurchases.of("order_2")).get(0);
		assertThat(oneShown.decline(DemoData.BOB, bobs.id()).downsell()).as("cap of 1 step shown reached").isNull();
	}

	@Test
	void aRedirectedStepCountsTowardsTheCapSoACustomerWithoutACardPaysNoMoreThanItAllows() {
		OfferService oneAccepted = service(courseFunnel(1, 5, StepConditions.NONE, null));
		Offer coaching = oneAccepted.present(DemoData.NO_CARD_CUSTOMER, DemoData.COURSE, TestPurchases.of("order_1"))
			.get(0);
		AcceptResult redirected = oneAccepted.accept(DemoData.NO_CARD_CUSTOMER, coaching.id());
		assertThat(redirected.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(presented(oneAccepted, DemoData.NO_CARD_CUSTOMER)).as("a redirect is an accept for the cap").isEmpty();

		// with room for two, the next step follows a redirect as it follows a charge
		this.dodo.customer("cus_no_card_2", "no-card-2@example.com", "Nora No Card");
		OfferService twoAccepted = service(courseFunnel(2, 5, StepConditions.NONE, null));
		Offer again = twoAccepted.present("cus_no_card_2", DemoData.COURSE, TestPurchases.of("order_2")).get(0);
		assertThat(twoAccepted.accept("cus_no_card_2", again.id()).outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(presented(twoAccepted, "cus_no_card_2")).extracting(Offer::funnelStep).containsExactly("templates");
	}

	@Test
	void eachConditionDecidesWhoSeesTheStepAndAStepNotShownIsSkippedAlongItsOnDecline() {
		PurchaseContext order = TestPurchases.of("order_1")
			.withOrder(new Money(4900, "USD"), List.of(DemoData.COURSE))
			.with("segment", "vip");
		Map<String, StepConditions> shown = Map.of("order total in range", when(4000L, 5000L, List.of(), List.of(), List.of(), List.of(), Map.of()),
				"order contains", when(null, null, List.of(DemoData.COURSE), List.of(), List.of(), List.of(), Map.of()),
				"country", when(null, null, List.of(), List.of("us", "CA"), List.of(), List.of(), Map.of()),
				"not owns", when(null, null, List.of(), List.of(), List.of(), List.of(DemoData.PRO), Map.of()),
				"attribute", when(null, null, List.of(), List.of(), List.of(), List.of(), Map.of("segment", "vip")));
		Map<String, StepConditions> skipped = Map.of("order total too low", when(5000L, null, List.of(), List.of(), List.of(), List.of(), Map.of()),
				"order total too high", when(null, 4000L, List.of(), List.of(), List.of(), List.of(), Map.of()),
				"order lacks product", when(null, null, List.of(DemoData.PRO), List.of(), List.of(), List.of(), Map.of()),
				"other country", when(null, null, List.of(), List.of("DE"), List.of(), List.of(), Map.of()),
				"does not own", when(null, null, List.of(), List.of(), List.of(DemoData.PRO), List.of(), Map.of()),
				"other attribute", when(null, null, List.of(), List.of(), List.of(), List.of(), Map.of("segment", "new")));
		int customer = 0;
		for (Map.Entry<String, StepConditions> condition : shown.entrySet()) {
			String customerId = newCustomer(customer++);
			Offer offer = service(courseFunnel(3, 5, condition.getValue(), null))
				.present(customerId, DemoData.COURSE, order).get(0);
			assertThat(offer.funnelStep()).as(condition.getKey()).isEqualTo("coaching");
		}
		for (Map.Entry<String, StepConditions> condition : skipped.entrySet()) {
			String customerId = newCustomer(customer++);
			Offer offer = service(courseFunnel(3, 5, condition.getValue(), null))
				.present(customerId, DemoData.COURSE, order).get(0);
			assertThat(offer.funnelStep()).as(condition.getKey()).isEqualTo("workbook");
		}
		// owning a product: the host says so
		String owner = newCustomer(customer++);
		OfferService withOwnership = TestOffers
			.with(this.repository, TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2)), this.clock)
			.funnels(List.of(courseFunnel(3, 5, when(null, null, List.of(), List.of(), List.of(DemoData.PRO), List.of(), Map.of()), null)))
			.owned((customerId, productId) -> customerId.equals(owner) && productId.equals(DemoData.PRO))
			.build()
			.service();
		assertThat(withOwnership.present(owner, DemoData.COURSE, order).get(0).funnelStep()).isEqualTo("coaching");
		// and the host's targeting bean has the last word
		String refused = newCustomer(customer++);
		OfferService targeted = service(courseFunnel(3, 5, StepConditions.NONE, null),
				(customerId, funnel, step, purchase) -> !step.id().equals("coaching"));
		assertThat(targeted.present(refused, DemoData.COURSE, order).get(0).funnelStep()).isEqualTo("workbook");
	}

	@Test
	void aHeldOutCustomerSeesNoOfferAndIsRecordedTheRestSeeTheirStickyVariant() {
		Experiment experiment = new Experiment("coaching-copy", 0.5, List.of(new Variant("control", 1, null, null, null),
				new Variant("warm", 1, null, null, "Book two calls with your instructor")));
		OfferService offers = service(courseFunnel(3, 5, StepConditions.NONE, experiment));
		int heldOut = 0;
		for (int i = 0; i < 40; i++) {
			String customerId = newCustomer(i);
			List<Offer> shown = offers.present(customerId, DemoData.COURSE, TestPurchases.of("order_" + i));
			VariantAssignment.Assignment assignment = VariantAssignment.assign(experiment, customerId);
			if (assignment.heldOut()) {
				heldOut++;
				assertThat(shown).isEmpty();
				continue;
			}
			assertThat(shown).singleElement().satisfies((offer) -> {
				assertThat(offer.variant()).isEqualTo(assignment.variantId());
				assertThat(offer.details().experiment()).isEqualTo("coaching-copy");
				assertThat(offer.details().displayText())
					.isEqualTo("warm".equals(assignment.variantId()) ? "Book two calls with your instructor" : null);
			});
		}
		assertThat(heldOut).isBetween(10, 30);
		assertThat(this.events).filteredOn(OfferHeldOut.class::isInstance).hasSize(heldOut);
	}

	@Test
	void aVariantPriceIsChargedAsTheCartAmountOnAPayWhatYouWantProductAndNeverShownOnAnother() {
		this.dodo.product(new SimProduct("prod_pwyw_coaching", "Coaching, name your price", 5000, "USD", false, null, 0,
				true, 0, true, false));
		Experiment cheaper = new Experiment("coaching-price", 0,
				List.of(new Variant("at-79", 1, "prod_pwyw_coaching", 7900L, null)));
		OfferService offers = service(courseFunnel(3, 5, StepConditions.NONE, cheaper));
		Offer offer = offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		assertThat(offer.price()).isEqualTo(new Money(7900, "USD"));
		assertThat(offers.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		assertThat(this.dodo.charges()).singleElement()
			.satisfies((charge) -> assertThat(charge.totalAmount()).isEqualTo(7900));

		// coaching is not pay-what-you-want: Dodo would charge $99.00, so an offer at $79.00 is never shown
		Experiment wrong = new Experiment("coaching-price-2", 0, List.of(new Variant("at-79", 1, null, 7900L, null)));
		assertThat(service(courseFunnel(3, 5, StepConditions.NONE, wrong)).present(DemoData.BOB, DemoData.COURSE,
				TestPurchases.of("order_2"))).isEmpty();
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void aChargeWhoseAnswerIsLostChargesOnceAndShowsTheNextStepOnceAcceptedAgainOrNot() {
		OfferService offers = service(courseFunnel(3, 5, StepConditions.NONE, null));
		Offer coaching = offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		this.dodo.faults().loseAnswerNext("POST /checkouts", 1);
		assertThat(offers.accept(DemoData.ALICE, coaching.id()).outcome()).isIn(AcceptResult.Outcome.CHARGED,
				AcceptResult.Outcome.PENDING);
		assertThat(onlyOpen(offers, DemoData.ALICE).funnelStep()).isEqualTo("templates");
		// the customer presses again after the timeout: the first result, no second charge, no second next step
		org.assertj.core.api.Assertions.assertThatExceptionOfType(OfferAlreadySettledException.class)
			.isThrownBy(() -> offers.accept(DemoData.ALICE, coaching.id()));
		assertThat(this.dodo.charges()).hasSize(1);
		assertThat(presented(offers, DemoData.ALICE)).hasSize(1);
	}

	@Test
	void aFailedNextStepNeverFailsTheAcceptThatChargedTheCard() {
		OfferService offers = service(courseFunnel(3, 5, StepConditions.NONE, null));
		Offer coaching = offers.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("order_1")).get(0);
		this.dodo.faults().failNext("GET /products/{id}", 503, 10);
		assertThat(offers.accept(DemoData.ALICE, coaching.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		this.dodo.faults().clear();
		assertThat(this.dodo.charges()).hasSize(1);
	}

	private String newCustomer(int i) {
		String customerId = "cus_funnel_" + i;
		this.dodo.customer(customerId, customerId + "@example.com", "Customer " + i,
				SimCard.working("pm_funnel_" + i));
		return customerId;
	}

	private static Offer onlyOpen(OfferService offers, String customerId) {
		List<Offer> open = presented(offers, customerId);
		assertThat(open).hasSize(1);
		return open.get(0);
	}

	/** The offers waiting for the customer's answer (accepted ones wait for Dodo's webhook). */
	private static List<Offer> presented(OfferService offers, String customerId) {
		return offers.offersFor(customerId).stream().filter((offer) -> offer.status() == OfferStatus.PRESENTED).toList();
	}

}
