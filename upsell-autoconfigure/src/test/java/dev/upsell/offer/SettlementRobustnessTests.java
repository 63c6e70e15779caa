package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.dodo.DodoClient;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settlement when Dodo answers as its SDK types say it may: a payment without a status, list items that are
 * not full payments. No webhooks are delivered here: the accept call and the reconciler settle alone.
 */
class SettlementRobustnessTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private final DodoSimulator dodo = simulator.simulator();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final InMemoryOfferRepository repository = new InMemoryOfferRepository();

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(2));

	private final TestOffers parts = TestOffers.with(this.repository, this.client, this.clock)
		.rules(List.of(OfferServiceTests.COACHING_UPSELL))
		.build();

	private final OfferService service = this.parts.service();

	private final OfferReconciler reconciler = this.parts.reconciler(this.client, this.clock, Duration.ofMinutes(2),
			Duration.ofHours(24));

	@Test
	void aChargeWhosePaymentHasNoStatusYetIsPendingNotAnError() {
		this.dodo.modes().omitFreshPaymentStatus(true);
		Offer offer = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("o1")).get(0);
		AcceptResult result = this.service.accept(DemoData.ALICE, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThat(result.paymentId()).isEqualTo(this.dodo.charges().get(0).paymentId());
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.reconciler.reconcile(10)).isEqualTo(1);
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(this.dodo.charges()).hasSize(1);
	}

	@Test
	void listItemsWithoutStatusAreReadByIdAndTheBatchSettles() {
		List<Offer> offers = acceptWithLostAnswers(DemoData.ALICE, DemoData.BOB);
		this.dodo.modes().omitFreshPaymentStatus(true);
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.reconciler.reconcile(10)).isEqualTo(2);
		assertThat(offers).allSatisfy((offer) -> assertThat(this.service.find(offer.customerId(), offer.id())
			.orElseThrow()
			.status()).isEqualTo(OfferStatus.CONVERTED));
	}

	@Test
	void oneOfferThatCannotBeReconciledDoesNotStopTheRestOfTheBatch() {
		List<Offer> offers = acceptWithLostAnswers(DemoData.ALICE, DemoData.BOB);
		int[] lists = new int[1];
		DodoClient failingOnce = (DodoClient) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DodoClient.class }, (proxy, method, args) -> {
					if (method.getName().equals("listPayments") && lists[0]++ == 0) {
						throw new IllegalStateException("a bug in one offer's settlement");
					}
					try {
						return method.invoke(this.client, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		OfferReconciler reconciler = this.parts.reconciler(failingOnce, this.clock, Duration.ofMinutes(2),
				Duration.ofHours(24));
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(reconciler.reconcile(10)).isEqualTo(1);
		// the one that failed is looked at again after its backoff
		assertThat(reconciler.reconcile(10)).isZero();
		this.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
		assertThat(reconciler.reconcile(10)).isEqualTo(1);
		assertThat(offers).allSatisfy((offer) -> assertThat(this.service.find(offer.customerId(), offer.id())
			.orElseThrow()
			.status()).isEqualTo(OfferStatus.CONVERTED));
	}

	@Test
	void aPaymentDodoDoesNotKnowIsTreatedAsMissingAndGivenUpAtTheHorizon() {
		Offer offer = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("o404")).get(0);
		// charged, but the payment cannot be read back: the offer keeps its payment id and waits
		this.dodo.faults().failNext("GET /payments/{id}", 503, 3);
		assertThat(this.service.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThat(this.service.find(DemoData.ALICE, offer.id()).orElseThrow().paymentId()).isNotNull();
		this.clock.advance(Duration.ofMinutes(3));
		this.dodo.reset();
		assertThat(this.reconciler.reconcile(10)).isZero();
		this.clock.advance(Duration.ofHours(25));
		assertThat(this.reconciler.reconcile(10)).isEqualTo(1);
		Offer failed = this.service.find(DemoData.ALICE, offer.id()).orElseThrow();
		assertThat(failed.status()).isEqualTo(OfferStatus.FAILED);
		assertThat(failed.failureReason()).isEqualTo("NO_PAYMENT_FOUND");
	}

	@Test
	void theOrphanScanReportsEachPaymentForAnUnknownOfferOnceAndNoneForKnownOffers() {
		List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
		OrphanPayments orphans = new OrphanPayments(
				(event) -> reported.add(((OrphanPaymentFound) event).paymentId()));
		Offer known = this.service.present(DemoData.ALICE, DemoData.COURSE, TestPurchases.of("o_known")).get(0);
		this.service.accept(DemoData.ALICE, known.id());
		String lost = this.client.createPayment(new dev.upsell.dodo.OneTimePaymentRequest(
				dev.upsell.dodo.BillingAddress.country("US"), dev.upsell.dodo.CustomerRef.existing(DemoData.BOB),
				List.of(dev.upsell.dodo.CartItem.of(DemoData.COACHING, 1)), "pm_bob_mc", null,
				java.util.Map.of("offer_id", "off_lost"), null, null)).paymentId();
		assertThat(this.reconciler.findOrphans(orphans)).isEqualTo(1);
		assertThat(this.reconciler.findOrphans(orphans)).isZero();
		assertThat(reported).containsExactly(lost);
		assertThat(orphans.recent()).containsExactly(lost);
		assertThat(orphans.count()).isEqualTo(1);
	}

	private List<Offer> acceptWithLostAnswers(String... customers) {
		List<Offer> offers = java.util.Arrays.stream(customers)
			.map((customer) -> this.service.present(customer, DemoData.COURSE, TestPurchases.of("o_" + customer)).get(0))
			.toList();
		this.dodo.faults().loseAnswerNext("POST /checkouts", offers.size());
		offers.forEach((offer) -> assertThat(this.service.accept(offer.customerId(), offer.id()).outcome())
			.isEqualTo(AcceptResult.Outcome.PENDING));
		return offers;
	}

	@Test
	void aDeclinedPaymentFoundInTheListIsReadByIdForItsReasonAndRedirected() {
		Offer offer = this.service.present(DemoData.DECLINING_CARD_CUSTOMER, DemoData.COURSE, TestPurchases.of("o2"))
			.get(0);
		this.dodo.faults().loseAnswerNext("POST /checkouts", 1);
		assertThat(this.service.accept(DemoData.DECLINING_CARD_CUSTOMER, offer.id()).outcome())
			.isEqualTo(AcceptResult.Outcome.PENDING);
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(this.reconciler.reconcile(10)).isEqualTo(1);
		Offer declined = this.service.find(DemoData.DECLINING_CARD_CUSTOMER, offer.id()).orElseThrow();
		assertThat(declined.status()).isEqualTo(OfferStatus.REDIRECTED);
		assertThat(declined.failureReason()).isEqualTo("CARD_DECLINED");
		assertThat(declined.checkoutUrl()).startsWith(this.dodo.baseUrl() + "/checkout/");
		assertThat(this.dodo.requests("GET /payments")).hasSize(1);
		assertThat(this.dodo.requests("GET /payments/{id}")).hasSize(1);
	}

}
