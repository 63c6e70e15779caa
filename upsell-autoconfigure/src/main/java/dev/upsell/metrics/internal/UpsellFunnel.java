package dev.upsell.metrics.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.Funnels;
import dev.upsell.metrics.UpsellMetrics;
import dev.upsell.offer.OfferStatus;

/**
 * The funnel per offer rule or funnel, read back from the meters of this instance: what the {@code upsell} actuator
 * endpoint shows.
 */
public final class UpsellFunnel {

	private final MeterRegistry registry;

	private final Funnels funnels;

	/**
	 * Creates the funnel view.
	 * @param registry the registry holding {@code upsell.offers}
	 * @param funnels the funnels and rules (so those without activity show too)
	 */
	public UpsellFunnel(MeterRegistry registry, Funnels funnels) {
		this.registry = registry;
		this.funnels = funnels;
	}

	/**
	 * The funnel of every rule.
	 * @return one entry per rule id
	 */
	public Map<String, Stage> byRule() {
		Map<String, Stage> funnel = new TreeMap<>();
		for (Funnel configured : this.funnels.all()) {
			funnel.put(configured.id(), stage(configured.id()));
		}
		this.registry.find(UpsellMetrics.OFFERS).counters().forEach((counter) -> {
			String offer = counter.getId().getTag("offer");
			if (offer != null) {
				funnel.computeIfAbsent(offer, this::stage);
			}
		});
		return funnel;
	}

	private Stage stage(String ruleId) {
		Map<String, Stage> kinds = new TreeMap<>();
		Map<String, Stage> steps = new LinkedHashMap<>();
		for (Counter counter : this.registry.find(UpsellMetrics.OFFERS).tag("offer", ruleId).counters()) {
			String kind = counter.getId().getTag("kind");
			if (kind != null && !kinds.containsKey(kind)) {
				kinds.put(kind, stage(ruleId, "kind", kind, Map.of(), Map.of()));
			}
			String step = counter.getId().getTag("step");
			if (step != null && !steps.containsKey(step)) {
				steps.put(step, stage(ruleId, "step", step, Map.of(), Map.of()));
			}
		}
		Map<String, Stage> ordered = new LinkedHashMap<>();
		this.funnels.find(ruleId).ifPresent((funnel) -> funnel.steps().forEach((step) -> {
			Stage known = steps.remove(step.id());
			if (known != null) {
				ordered.put(step.id(), known);
			}
		}));
		ordered.putAll(new TreeMap<>(steps));
		return stage(ruleId, null, null, kinds, ordered);
	}

	/** The funnel of a rule, or of one kind or step of its offers (its upsell apart from its downsell). */
	private Stage stage(String ruleId, @Nullable String tag, @Nullable String value, Map<String, Stage> kinds,
			Map<String, Stage> steps) {
		long presented = count(ruleId, tag, value, OfferStatus.PRESENTED.tag());
		long converted = count(ruleId, tag, value, OfferStatus.CONVERTED.tag());
		Map<String, Long> revenue = amounts(UpsellMetrics.REVENUE, ruleId, tag, value);
		Map<String, Long> refunds = amounts(UpsellMetrics.REFUNDS, ruleId, tag, value);
		Map<String, Long> net = new LinkedHashMap<>(revenue);
		refunds.forEach((currency, amount) -> net.merge(currency, -amount, Long::sum));
		return new Stage(presented, count(ruleId, tag, value, OfferStatus.ACCEPTED.tag()), converted,
				count(ruleId, tag, value, OfferStatus.DECLINED.tag()), count(ruleId, tag, value, OfferStatus.FAILED.tag()),
				count(ruleId, tag, value, OfferStatus.REDIRECTED.tag()), count(ruleId, tag, value, OfferStatus.EXPIRED.tag()),
				count(ruleId, tag, value, UpsellMetrics.REFUNDED), count(ruleId, tag, value, UpsellMetrics.HELD_OUT),
				(presented > 0) ? (double) converted / presented : 0.0, revenue, refunds, net, kinds, steps);
	}

	private Map<String, Long> amounts(String meter, String ruleId, @Nullable String tag, @Nullable String value) {
		Map<String, Long> amounts = new LinkedHashMap<>();
		Search search = this.registry.find(meter).tag("offer", ruleId);
		for (Counter counter : ((tag != null && value != null) ? search.tag(tag, value) : search).counters()) {
			amounts.merge(counter.getId().getTag("currency"), (long) counter.count(), Long::sum);
		}
		return amounts;
	}

	private long count(String ruleId, @Nullable String tag, @Nullable String value, String stage) {
		Search search = this.registry.find(UpsellMetrics.OFFERS).tag("offer", ruleId).tag("stage", stage);
		List<Counter> counters = List.copyOf(((tag != null && value != null) ? search.tag(tag, value) : search).counters());
		return (long) counters.stream().mapToDouble(Counter::count).sum();
	}

	/**
	 * One rule's funnel.
	 *
	 * @param presented offers presented (incl. downsells)
	 * @param accepted offers accepted
	 * @param converted offers paid
	 * @param declined offers declined
	 * @param failed offers whose charge failed
	 * @param redirected offers sent to a normal checkout
	 * @param expired offers not acted on in time
	 * @param refunded converted offers refunded (in part or in full)
	 * @param heldOut customers in an experiment's holdout, shown nothing
	 * @param conversionRate converted / presented
	 * @param revenue gross revenue per currency, minor units
	 * @param refunds refunds per currency, minor units
	 * @param netRevenue revenue less refunds, per currency
	 * @param kinds the same per kind of offer ({@code upsell}, {@code downsell}, {@code cross_sell}), so a
	 * rule's downsell is seen apart from its upsell; empty within a kind. {@code converted} can exceed
	 * {@code accepted}: an offer paid on its fallback checkout link converts without a one-click accept
	 * @param steps the same per funnel step, in the funnel's order; empty within a kind or step
	 */
	public record Stage(long presented, long accepted, long converted, long declined, long failed, long redirected,
			long expired, long refunded, long heldOut, double conversionRate, Map<String, Long> revenue,
			Map<String, Long> refunds, Map<String, Long> netRevenue, Map<String, Stage> kinds, Map<String, Stage> steps) {
	}

}
