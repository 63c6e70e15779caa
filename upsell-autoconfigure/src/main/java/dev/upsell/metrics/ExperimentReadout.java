package dev.upsell.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.Variant;
import dev.upsell.metrics.internal.BetaPosterior;
import dev.upsell.offer.OfferStatus;

/**
 * The readout of every experiment, per variant, from this instance's meters: exposures, conversions with a
 * 95 % credible interval, net revenue per exposure, refund rate, and the probability of beating the control
 * ({@link BetaPosterior}: Bayesian, valid whenever it is read). A guardrail flags a variant whose refund rate
 * is above the control's with probability over 95 %. The holdout's count is there to compare against later
 * spend, which only the host can see.
 */
public final class ExperimentReadout {

	/** The probability past which a variant's higher refund rate is flagged. */
	static final double GUARDRAIL = 0.95;

	private final MeterRegistry registry;

	private final Funnels funnels;

	/**
	 * Creates the readout.
	 * @param registry the meters
	 * @param funnels the funnels whose steps run experiments
	 */
	public ExperimentReadout(MeterRegistry registry, Funnels funnels) {
		this.registry = registry;
		this.funnels = funnels;
	}

	/**
	 * Every experiment's readout.
	 * @return experiment id to readout
	 */
	public Map<String, Readout> all() {
		Map<String, Readout> readouts = new LinkedHashMap<>();
		for (Funnel funnel : this.funnels.all()) {
			for (FunnelStep step : funnel.steps()) {
				Experiment experiment = step.experiment();
				if (experiment != null) {
					readouts.put(experiment.id(), readout(funnel, step, experiment));
				}
			}
		}
		return readouts;
	}

	private Readout readout(Funnel funnel, FunnelStep step, Experiment experiment) {
		Variant control = experiment.control();
		BetaPosterior controlConversion = conversion(funnel, step, control.id());
		BetaPosterior controlRefunds = refunds(funnel, step, control.id());
		List<VariantReadout> variants = new ArrayList<>();
		for (Variant variant : experiment.variants()) {
			String id = variant.id();
			long exposures = count(funnel, step, id, OfferStatus.PRESENTED.tag());
			long conversions = count(funnel, step, id, OfferStatus.CONVERTED.tag());
			long refunded = count(funnel, step, id, UpsellMetrics.REFUNDED);
			BetaPosterior conversion = conversion(funnel, step, id);
			BetaPosterior refunds = refunds(funnel, step, id);
			boolean isControl = id.equals(control.id());
			Map<String, Double> perExposure = new LinkedHashMap<>();
			Map<String, Long> net = amounts(UpsellMetrics.REVENUE, funnel, step, id);
			amounts(UpsellMetrics.REFUNDS, funnel, step, id).forEach((currency, amount) -> net.merge(currency, -amount, Long::sum));
			net.forEach((currency, amount) -> perExposure.put(currency, (exposures > 0) ? (double) amount / exposures : 0.0));
			double[] interval = conversion.interval95();
			variants.add(new VariantReadout(id, isControl, exposures, conversions,
					(exposures > 0) ? (double) conversions / exposures : 0.0, interval[0], interval[1], net, perExposure,
					refunded, (conversions > 0) ? (double) refunded / conversions : 0.0,
					isControl ? null : conversion.probabilityAbove(controlConversion),
					!isControl && refunded > 0 && refunds.probabilityAbove(controlRefunds) > GUARDRAIL));
		}
		return new Readout(funnel.id(), step.id(), experiment.holdout(),
				count(funnel, step, Experiment.HOLDOUT, UpsellMetrics.HELD_OUT), variants);
	}

	private BetaPosterior conversion(Funnel funnel, FunnelStep step, String variant) {
		long exposures = count(funnel, step, variant, OfferStatus.PRESENTED.tag());
		return new BetaPosterior(Math.min(exposures, count(funnel, step, variant, OfferStatus.CONVERTED.tag())), exposures);
	}

	private BetaPosterior refunds(Funnel funnel, FunnelStep step, String variant) {
		long conversions = count(funnel, step, variant, OfferStatus.CONVERTED.tag());
		return new BetaPosterior(Math.min(conversions, count(funnel, step, variant, UpsellMetrics.REFUNDED)), conversions);
	}

	private long count(Funnel funnel, FunnelStep step, String variant, String stage) {
		return (long) this.registry.find(UpsellMetrics.OFFERS)
			.tags("offer", funnel.id(), "step", step.id(), "variant", variant, "stage", stage)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private Map<String, Long> amounts(String meter, Funnel funnel, FunnelStep step, String variant) {
		Map<String, Long> amounts = new LinkedHashMap<>();
		for (Counter counter : this.registry.find(meter).tags("offer", funnel.id(), "step", step.id(), "variant", variant)
			.counters()) {
			amounts.merge(counter.getId().getTag("currency"), (long) counter.count(), Long::sum);
		}
		return amounts;
	}

	/**
	 * One experiment's readout.
	 *
	 * @param funnel the funnel
	 * @param step the step it tests
	 * @param holdoutShare the configured holdout share
	 * @param heldOut customers held out (shown nothing)
	 * @param variants per variant, the control first
	 */
	public record Readout(String funnel, String step, double holdoutShare, long heldOut, List<VariantReadout> variants) {
	}

	/**
	 * One variant's numbers.
	 *
	 * @param variant the variant id
	 * @param control whether it is the control
	 * @param exposures offers shown
	 * @param conversions offers paid
	 * @param conversionRate conversions / exposures
	 * @param conversionLow the 95 % credible interval's low end
	 * @param conversionHigh its high end
	 * @param netRevenue revenue less refunds, per currency (minor units)
	 * @param netRevenuePerExposure net revenue per exposure, per currency (minor units)
	 * @param refunded conversions refunded
	 * @param refundRate refunded / conversions
	 * @param probabilityToBeatControl P(this variant converts better than the control); {@code null} for the control
	 * @param refundGuardrail whether its refund rate is above the control's with probability over 95 %
	 */
	public record VariantReadout(String variant, boolean control, long exposures, long conversions,
			double conversionRate, double conversionLow, double conversionHigh, Map<String, Long> netRevenue,
			Map<String, Double> netRevenuePerExposure, long refunded, double refundRate,
			@Nullable Double probabilityToBeatControl, boolean refundGuardrail) {
	}

}
