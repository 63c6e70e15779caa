package dev.upsell.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;
import dev.upsell.metrics.internal.UpsellFunnel;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.FixedExperimentLedger;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.TestOffers;
import dev.upsell.offer.TestPurchases;
import dev.upsell.restclient.TestDodoClients;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The experiment readout against known truth: customers driven through the services and the simulator convert
 * at 10 % on the control and 14 % on the variant (a seeded random, so the run is the same every time), and the
 * readout must find the variant better with over 95 % probability, with each true rate inside its interval.
 * Refunds lower net revenue in the meters, the funnel and the readout, and trip the guardrail when clearly worse.
 */
class ExperimentReadoutTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final Experiment EXPERIMENT = new Experiment("coaching-copy", 0.0,
			List.of(new Variant("control", 1, null, null, null), new Variant("warm", 1, null, null, "Two calls")));

	private static final Funnel FUNNEL = new Funnel("course", DemoData.COURSE,
			List.of(new FunnelStep("coaching", DemoData.COACHING, OfferKind.UPSELL, 1, ChargeMethod.ONE_TIME_PAYMENT,
					null, null, StepConditions.NONE, EXPERIMENT)),
			3, 5);

	private final DodoSimulator dodo = simulator.simulator();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UpsellMetrics metrics = new UpsellMetrics(this.registry);

	private final DodoClient client = TestDodoClients.client(this.dodo, "", Duration.ofSeconds(5));

	private final TestOffers offers = TestOffers
		.with(new InMemoryOfferRepository(), this.client, new MutableClock(Instant.now()))
		.funnels(List.of(FUNNEL))
		.events((event) -> {
			if (event instanceof OfferChanged changed) {
				this.metrics.onOfferChanged(changed);
			}
			else if (event instanceof OfferHeldOut heldOut) {
				this.metrics.onHeldOut(heldOut);
			}
			else if (event instanceof dev.upsell.offer.PaymentRefunded refunded) {
				this.metrics.onPaymentRefunded(refunded);
			}
		})
		.build();

	private final ConfiguredFunnels funnels = new ConfiguredFunnels(new ConfiguredOfferRules(List.of()),
			List.of(FUNNEL));

	@Test
	void aSimulatedExperimentAtTenAndFourteenPercentIsReadBackWithTheStatedConfidence() {
		// needs a kind simulator: thousands of simulated customers, far past the rate limit a real Dodo account
		// has, and no network time (the statistics are under test here, not the API)
		this.dodo.modes().rateLimit(0).latency(java.time.Duration.ZERO, java.time.Duration.ZERO);
		Random random = new Random(20261125);
		int customers = 3000;
		for (int i = 0; i < customers; i++) {
			String customerId = customer(i);
			Offer offer = this.offers.service().present(customerId, DemoData.COURSE, TestPurchases.of("order_" + i)).get(0);
			double trueRate = "warm".equals(offer.variant()) ? 0.14 : 0.10;
			if (random.nextDouble() < trueRate) {
				payFor(customerId, offer);
			}
			else {
				this.offers.service().decline(customerId, offer.id());
			}
		}
		ExperimentReadout.Readout readout = new ExperimentReadout(this.offers.experiments(), this.funnels).all()
			.get("coaching-copy");
		ExperimentReadout.VariantReadout control = readout.variants().get(0);
		ExperimentReadout.VariantReadout warm = readout.variants().get(1);
		assertThat(control.control()).isTrue();
		assertThat(control.exposures() + warm.exposures()).isEqualTo(customers);
		assertThat(control.exposures()).isBetween(1350L, 1650L);
		assertThat(0.10).isBetween(control.conversionLow(), control.conversionHigh());
		assertThat(0.14).isBetween(warm.conversionLow(), warm.conversionHigh());
		assertThat(warm.probabilityToBeatControl()).isGreaterThan(0.95);
		assertThat(control.probabilityToBeatControl()).isNull();
		assertThat(warm.netRevenuePerExposure().get("USD"))
			.isEqualTo((double) warm.conversions() * 9900 / warm.exposures(), within(0.001));
		assertThat(warm.refundGuardrail()).isFalse();
		assertThat(control.customers() + warm.customers()).as("every customer assigned once").isEqualTo(customers);
		assertThat(readout.sampleRatio().verdict()).as("a fair split").isEqualTo("ok");
		// the always-valid interval holds the true lift (it is wider than a fixed-horizon one: the price of peeking)
		assertThat(0.04).isBetween(warm.conversionDifference()[0], warm.conversionDifference()[1]);
		assertThat(warm.conversionDifference()[1] - warm.conversionDifference()[0]).isLessThan(0.12);
	}

	@Test
	void aRefundLowersNetRevenueInTheMetersTheFunnelAndTheReadout() {
		String customerId = customer(0);
		Offer offer = this.offers.service().present(customerId, DemoData.COURSE, TestPurchases.of("order_0")).get(0);
		String paymentId = payFor(customerId, offer);
		this.offers.settlement().refunded("ref_1", paymentId, 4000);

		String variant = offer.variant();
		assertThat(this.registry.get(UpsellMetrics.REVENUE).tag("variant", variant).counter().count()).isEqualTo(9900);
		assertThat(this.registry.get(UpsellMetrics.REFUNDS).tag("variant", variant).counter().count()).isEqualTo(4000);
		assertThat(this.registry.get(UpsellMetrics.OFFERS).tag("stage", "refunded").counter().count()).isEqualTo(1);
		UpsellFunnel.Stage stage = new UpsellFunnel(this.registry, this.funnels).byRule().get("course");
		assertThat(stage.revenue()).containsEntry("USD", 9900L);
		assertThat(stage.refunds()).containsEntry("USD", 4000L);
		assertThat(stage.netRevenue()).containsEntry("USD", 5900L);
		assertThat(stage.refunded()).isEqualTo(1);
		ExperimentReadout.VariantReadout readout = new ExperimentReadout(this.offers.experiments(), this.funnels).all()
			.get("coaching-copy")
			.variants()
			.stream()
			.filter((candidate) -> candidate.variant().equals(variant))
			.findFirst()
			.orElseThrow();
		assertThat(readout.netRevenue()).containsEntry("USD", 5900L);
		assertThat(readout.refundRate()).isEqualTo(1.0);
	}

	@Test
	void theGuardrailsFlagAVariantWhoseRefundsOrLaterDeclinesAreClearlyWorseThanTheControls() {
		ExperimentLedger ledger = results(
				new ExperimentLedger.ArmResult("control", 1000, 1000, 200, 800, 4, "USD", 1_980_000, 1.96e10, 1.96e10, 300, 150),
				new ExperimentLedger.ArmResult("warm", 1000, 1000, 240, 760, 40, "USD", 2_000_000, 2.0e10, 2.0e10, 300, 210));
		ExperimentReadout.VariantReadout warm = new ExperimentReadout(ledger, this.funnels).all()
			.get("coaching-copy")
			.variants()
			.get(1);
		assertThat(warm.refundRate()).isEqualTo(40.0 / 240);
		assertThat(warm.refundGuardrail()).isTrue();
		assertThat(warm.guardrails()).containsExactly("refund_rate", "later_declines");
		assertThat(warm.laterDeclineRate()).isEqualTo(0.7);
		assertThat(warm.probabilityToBeatControl()).isGreaterThan(0.95);
	}

	@Test
	void aVariantWhosePayingCustomersCancelWithinThirtyDaysTripsTheCancellationGuardrailOnce() {
		this.dodo.modes().rateLimit(0).latency(java.time.Duration.ZERO, java.time.Duration.ZERO);
		for (int i = 0; i < 60; i++) {
			String customerId = customer(i);
			Offer offer = this.offers.service().present(customerId, DemoData.COURSE, TestPurchases.of("order_" + i)).get(0);
			payFor(customerId, offer);
			if ("warm".equals(offer.variant()) && i % 3 != 0) {
				// two in three of the warm variant's buyers cancel their membership within the month, twice told
				this.offers.experiments().subscriptionCancelled("sub_" + i, customerId, Instant.now());
				this.offers.experiments().subscriptionCancelled("sub_" + i, customerId, Instant.now());
			}
		}
		ExperimentReadout.Readout readout = new ExperimentReadout(this.offers.experiments(), this.funnels).all()
			.get("coaching-copy");
		ExperimentReadout.VariantReadout control = readout.variants().get(0);
		ExperimentReadout.VariantReadout warm = readout.variants().get(1);
		assertThat(control.cancellationRate()).isZero();
		assertThat(warm.cancellationRate()).isBetween(0.5, 0.8);
		assertThat(warm.guardrails()).contains("cancellations");
		assertThat(control.guardrails()).isEmpty();
	}

	@Test
	void theSampleRatioCheckFailsASplitThatIsNotTheConfiguredOne() {
		ExperimentLedger skewed = results(
				new ExperimentLedger.ArmResult("control", 5300, 5300, 530, 4770, 0, "USD", 0, 0, 0, 0, 0),
				new ExperimentLedger.ArmResult("warm", 4700, 4700, 470, 4230, 0, "USD", 0, 0, 0, 0, 0));
		ExperimentReadout.SampleRatio check = new ExperimentReadout(skewed, this.funnels).all()
			.get("coaching-copy")
			.sampleRatio();
		assertThat(check.pValue()).isLessThan(0.001);
		assertThat(check.verdict()).isEqualTo("fail");
	}

	/** A ledger answering fixed results: the readout's arithmetic under test, not the store's. */
	private static ExperimentLedger results(ExperimentLedger.ArmResult... arms) {
		return new FixedExperimentLedger(arms);
	}

	/** Accepts in one click and settles the payment as Dodo's webhook would. */
	private String payFor(String customerId, Offer offer) {
		AcceptResult result = this.offers.service().accept(customerId, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		this.offers.settlement().paymentSucceeded(offer.id(), this.client.getPayment(result.paymentId()));
		return result.paymentId();
	}

	private String customer(int i) {
		String customerId = "cus_exp_" + i;
		this.dodo.customer(customerId, customerId + "@example.com", "Customer " + i, SimCard.working("pm_exp_" + i));
		return customerId;
	}

}
