package dev.upsell.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.Variant;
import dev.upsell.metrics.internal.AlwaysValidInterval;
import dev.upsell.metrics.internal.BetaPosterior;
import dev.upsell.metrics.internal.SampleRatioCheck;
import dev.upsell.offer.ExperimentLedger;

/**
 * The readout of every experiment, per variant, from the store ({@link ExperimentLedger}: the same on every instance,
 * after restarts, for the period it names): customers assigned, offers shown and paid with a 95 % credible interval,
 * the probability of beating the control (Bayesian), and an <em>always-valid</em> 95 % interval for the difference in
 * conversion and in net revenue per exposure ({@link AlwaysValidInterval}: read it every day, stop when it leaves
 * zero). The sample-ratio check compares the customers per arm with the configured split; the holdout comparison is
 * net revenue per assigned customer with the offers against without; guardrails flag a variant whose refund rate or
 * later steps' decline rate, or the share of its paying customers who cancel a subscription within 30 days, is above
 * the control's with probability over 95 %.
 */
public final class ExperimentReadout {

	/** The probability past which a guardrail flags a variant. */
	static final double GUARDRAIL = 0.95;

	private final ExperimentLedger ledger;

	private final Funnels funnels;

	private final List<Placement> others;

	/**
	 * Creates the readout.
	 * @param ledger where assignments and results are kept
	 * @param funnels the funnels whose steps run experiments
	 */
	public ExperimentReadout(ExperimentLedger ledger, Funnels funnels) {
		this(ledger, funnels, List.of());
	}

	/**
	 * Creates the readout of the funnels' experiments and of others (order bumps', triggered offers').
	 * @param ledger where assignments and results are kept
	 * @param funnels the funnels whose steps run experiments
	 * @param others the other offers that run experiments
	 */
	public ExperimentReadout(ExperimentLedger ledger, Funnels funnels, List<Placement> others) {
		this.ledger = ledger;
		this.funnels = funnels;
		this.others = List.copyOf(others);
	}

	/**
	 * Every experiment read out, and the offer and step that run it.
	 * @return the placements: the funnels' steps first, then the others
	 */
	public List<Placement> placements() {
		List<Placement> placements = new ArrayList<>();
		for (Funnel funnel : this.funnels.all()) {
			for (FunnelStep step : funnel.steps()) {
				if (step.experiment() != null) {
					placements.add(new Placement(funnel.id(), step.id(), step.experiment()));
				}
			}
		}
		placements.addAll(this.others);
		return placements;
	}

	/**
	 * Where an experiment runs.
	 *
	 * @param offer the funnel, order bump or triggered offer (its rule id, the {@code offer} metric tag)
	 * @param step its step ({@code step} metric tag; the rule id again for a bump or a triggered offer)
	 * @param experiment the experiment
	 */
	public record Placement(String offer, String step, Experiment experiment) {
	}

	/**
	 * Every experiment's readout, over every customer assigned.
	 * @return experiment id to readout
	 */
	public Map<String, Readout> all() {
		return all(Instant.EPOCH);
	}

	/**
	 * Every experiment's readout, over the customers assigned since a time.
	 * @param since the period's start
	 * @return experiment id to readout
	 */
	public Map<String, Readout> all(Instant since) {
		Map<String, Readout> readouts = new LinkedHashMap<>();
		for (Placement placement : placements()) {
			readouts.put(placement.experiment().id(), readout(placement, since));
		}
		return readouts;
	}

	private Readout readout(Placement placement, Instant since) {
		Experiment experiment = placement.experiment();
		Map<String, ExperimentLedger.ArmResult> arms = new LinkedHashMap<>();
		this.ledger.results(experiment.id(), since).forEach((arm) -> arms.put(arm.variant(), arm));
		Variant control = experiment.control();
		ExperimentLedger.ArmResult controlArm = arms.getOrDefault(control.id(), empty(control.id()));
		List<VariantReadout> variants = new ArrayList<>();
		for (Variant variant : experiment.variants()) {
			variants.add(variant(arms.getOrDefault(variant.id(), empty(variant.id())), variant.id().equals(control.id()),
					controlArm));
		}
		ExperimentLedger.ArmResult holdout = arms.getOrDefault(Experiment.HOLDOUT, empty(Experiment.HOLDOUT));
		return new Readout(placement.offer(), placement.step(), since, experiment.holdout(), experiment.adaptive(),
				holdout.customers(), sampleRatio(experiment, arms),
				(experiment.holdout() > 0) ? incremental(arms, holdout) : null, variants);
	}

	private static VariantReadout variant(ExperimentLedger.ArmResult arm, boolean isControl,
			ExperimentLedger.ArmResult control) {
		BetaPosterior conversion = new BetaPosterior(Math.min(arm.exposures(), arm.conversions()), arm.exposures());
		BetaPosterior controlConversion = new BetaPosterior(Math.min(control.exposures(), control.conversions()),
				control.exposures());
		double[] credible = conversion.interval95();
		Map<String, Long> net = new LinkedHashMap<>();
		Map<String, Double> perExposure = new LinkedHashMap<>();
		if (arm.currency() != null) {
			net.put(arm.currency(), arm.netRevenue());
			perExposure.put(arm.currency(), (arm.exposures() > 0) ? (double) arm.netRevenue() / arm.exposures() : 0.0);
		}
		double[] conversionDifference = isControl ? null : AlwaysValidInterval.difference(
				AlwaysValidInterval.Sample.ofRate(control.conversions(), control.exposures()),
				AlwaysValidInterval.Sample.ofRate(arm.conversions(), arm.exposures()));
		double[] revenueDifference = (isControl || !sameCurrency(arm, control)) ? null
				: AlwaysValidInterval.difference(perExposure(control), perExposure(arm));
		boolean refundsWorse = !isControl && arm.refunds() > 0 && worse(arm.refunds(), arm.conversions(),
				control.refunds(), control.conversions());
		boolean laterDeclinesWorse = !isControl && arm.laterDeclines() > 0 && worse(arm.laterDeclines(),
				arm.laterOffers(), control.laterDeclines(), control.laterOffers());
		boolean cancellationsWorse = !isControl && arm.cancellations() > 0 && worse(arm.cancellations(),
				arm.payingCustomers(), control.cancellations(), control.payingCustomers());
		List<String> guardrails = new ArrayList<>();
		if (refundsWorse) {
			guardrails.add("refund_rate");
		}
		if (laterDeclinesWorse) {
			guardrails.add("later_declines");
		}
		if (cancellationsWorse) {
			guardrails.add("cancellations");
		}
		return new VariantReadout(arm.variant(), isControl, arm.customers(), arm.exposures(), arm.accepts(),
				arm.conversions(),
				rate(arm.conversions(), arm.exposures()), credible[0], credible[1], net, perExposure, arm.refunds(),
				rate(arm.refunds(), arm.conversions()), isControl ? null : conversion.probabilityAbove(controlConversion),
				conversionDifference, revenueDifference, rate(arm.laterDeclines(), arm.laterOffers()),
				rate(arm.cancellations(), arm.payingCustomers()), refundsWorse, guardrails);
	}

	/**
	 * The configured split against the customers assigned to each arm, the holdout included. An adaptive experiment's
	 * variants have no configured split: only the holdout against everyone else is checked.
	 */
	private static SampleRatio sampleRatio(Experiment experiment, Map<String, ExperimentLedger.ArmResult> arms) {
		if (experiment.adaptive()) {
			long treated = arms.values()
				.stream()
				.filter((arm) -> !arm.variant().equals(Experiment.HOLDOUT))
				.mapToLong(ExperimentLedger.ArmResult::customers)
				.sum();
			ExperimentLedger.ArmResult held = arms.get(Experiment.HOLDOUT);
			double pValue = SampleRatioCheck.pValue(new long[] { treated, (held != null) ? held.customers() : 0 },
					new double[] { 1 - experiment.holdout(), experiment.holdout() });
			return new SampleRatio(pValue, SampleRatioCheck.verdict(pValue));
		}
		int size = experiment.variants().size() + ((experiment.holdout() > 0) ? 1 : 0);
		long[] observed = new long[size];
		double[] shares = new double[size];
		long weights = experiment.variants().stream().mapToLong(Variant::weight).sum();
		for (int i = 0; i < experiment.variants().size(); i++) {
			Variant variant = experiment.variants().get(i);
			ExperimentLedger.ArmResult arm = arms.get(variant.id());
			observed[i] = (arm != null) ? arm.customers() : 0;
			shares[i] = (1 - experiment.holdout()) * variant.weight() / weights;
		}
		if (experiment.holdout() > 0) {
			ExperimentLedger.ArmResult held = arms.get(Experiment.HOLDOUT);
			observed[size - 1] = (held != null) ? held.customers() : 0;
			shares[size - 1] = experiment.holdout();
		}
		double pValue = SampleRatioCheck.pValue(observed, shares);
		return new SampleRatio(pValue, SampleRatioCheck.verdict(pValue));
	}

	/** Net revenue per assigned customer, everyone offered against the holdout. */
	private static @Nullable Incremental incremental(Map<String, ExperimentLedger.ArmResult> arms,
			ExperimentLedger.ArmResult holdout) {
		long customers = 0;
		double sum = 0;
		double squares = 0;
		String currency = null;
		for (ExperimentLedger.ArmResult arm : arms.values()) {
			if (!arm.variant().equals(Experiment.HOLDOUT)) {
				customers += arm.customers();
				sum += arm.netRevenue();
				squares += arm.netRevenueSquaresPerCustomer();
				currency = (currency != null) ? currency : arm.currency();
			}
		}
		AlwaysValidInterval.Sample treated = new AlwaysValidInterval.Sample(customers, sum, squares);
		AlwaysValidInterval.Sample held = new AlwaysValidInterval.Sample(holdout.customers(), holdout.netRevenue(),
				holdout.netRevenueSquaresPerCustomer());
		double perTreated = (customers > 0) ? sum / customers : 0;
		double perHeld = (holdout.customers() > 0) ? (double) holdout.netRevenue() / holdout.customers() : 0;
		return new Incremental(currency, customers, holdout.customers(), perTreated, perHeld, perTreated - perHeld,
				AlwaysValidInterval.difference(held, treated));
	}

	private static AlwaysValidInterval.Sample perExposure(ExperimentLedger.ArmResult arm) {
		return new AlwaysValidInterval.Sample(arm.exposures(), arm.netRevenue(), arm.netRevenueSquaresPerExposure());
	}

	private static boolean sameCurrency(ExperimentLedger.ArmResult a, ExperimentLedger.ArmResult b) {
		return a.currency() != null && a.currency().equals(b.currency());
	}

	/** Whether a rate is above the control's with probability over {@link #GUARDRAIL}. */
	private static boolean worse(long events, long trials, long controlEvents, long controlTrials) {
		return new BetaPosterior(Math.min(events, trials), trials)
			.probabilityAbove(new BetaPosterior(Math.min(controlEvents, controlTrials), controlTrials)) > GUARDRAIL;
	}

	private static double rate(long part, long whole) {
		return (whole > 0) ? (double) part / whole : 0.0;
	}

	private static ExperimentLedger.ArmResult empty(String variant) {
		return new ExperimentLedger.ArmResult(variant, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0);
	}

	/**
	 * One experiment's readout.
	 *
	 * @param funnel the funnel
	 * @param step the step it tests
	 * @param since customers assigned at or after this are counted
	 * @param holdoutShare the configured holdout share
	 * @param adaptive whether the variants are allocated by Thompson sampling (a bandit): the split follows the
	 * results, so the sample-ratio check covers the holdout only, and the always-valid intervals compare arms whose
	 * customers came at different times (read them as indications)
	 * @param heldOut customers held out (shown nothing)
	 * @param sampleRatio the split's check
	 * @param incremental with a holdout: what the offers add per customer; {@code null} without one
	 * @param variants per variant, the control first
	 */
	public record Readout(String funnel, String step, Instant since, double holdoutShare, boolean adaptive, long heldOut,
			SampleRatio sampleRatio, @Nullable Incremental incremental, List<VariantReadout> variants) {
	}

	/**
	 * The sample-ratio check.
	 *
	 * @param pValue the chi-squared test's p-value of the customers per arm against the configured split
	 * @param verdict {@code ok}, {@code warn} (p &lt; 0.01) or {@code fail} (p &lt; 0.001: do not trust the results)
	 */
	public record SampleRatio(double pValue, String verdict) {
	}

	/**
	 * Net revenue per assigned customer with the offers against without (the holdout): what the offers add, not what
	 * they take from other sales, which only the host sees.
	 *
	 * @param currency the currency, or {@code null} without revenue
	 * @param treatedCustomers customers offered
	 * @param heldOutCustomers customers held out
	 * @param revenuePerTreated net revenue per customer offered (minor units)
	 * @param revenuePerHeldOut net revenue per customer held out (from the offers: zero, unless they were offered
	 * before the holdout began)
	 * @param difference the first less the second
	 * @param interval an always-valid 95 % interval for the difference, or {@code null} with too few customers
	 */
	public record Incremental(@Nullable String currency, long treatedCustomers, long heldOutCustomers,
			double revenuePerTreated, double revenuePerHeldOut, double difference, double @Nullable [] interval) {
	}

	/**
	 * One variant's numbers.
	 *
	 * @param variant the variant id
	 * @param control whether it is the control
	 * @param customers customers assigned to it
	 * @param exposures offers shown
	 * @param accepts offers said yes to (accepted, sent to a checkout, or failed after a payment was tried)
	 * @param conversions offers paid
	 * @param conversionRate conversions / exposures
	 * @param conversionLow the 95 % credible interval's low end
	 * @param conversionHigh its high end
	 * @param netRevenue revenue less refunds, per currency (minor units)
	 * @param netRevenuePerExposure net revenue per exposure, per currency (minor units)
	 * @param refunded conversions refunded
	 * @param refundRate refunded / conversions
	 * @param probabilityToBeatControl P(this variant converts better than the control); {@code null} for the control
	 * @param conversionDifference an always-valid 95 % interval for its conversion rate less the control's;
	 * {@code null} for the control or with too few exposures
	 * @param revenuePerExposureDifference the same for net revenue per exposure (minor units)
	 * @param laterDeclineRate the share of offers shown after this variant's that were declined
	 * @param cancellationRate the share of its paying customers who cancelled a subscription within 30 days
	 * @param refundGuardrail whether its refund rate is above the control's with probability over 95 %
	 * @param guardrails the guardrails it trips: {@code refund_rate} (refunds and lost disputes),
	 * {@code later_declines}, {@code cancellations}
	 */
	public record VariantReadout(String variant, boolean control, long customers, long exposures, long accepts,
			long conversions,
			double conversionRate, double conversionLow, double conversionHigh, Map<String, Long> netRevenue,
			Map<String, Double> netRevenuePerExposure, long refunded, double refundRate,
			@Nullable Double probabilityToBeatControl, double @Nullable [] conversionDifference,
			double @Nullable [] revenuePerExposureDifference, double laterDeclineRate, double cancellationRate,
			boolean refundGuardrail, List<String> guardrails) {
	}

}
