package dev.upsell.metrics;

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
		for (Counter counter : this.registry.find(UpsellMetrics.OFFERS).tag("offer", ruleId).counters()) {
			String kind = counter.getId().getTag("kind");
			if (kind != null && !kinds.containsKey(kind)) {
				kinds.put(kind, stage(ruleId, kind, Map.of()));
			}
		}
		return stage(ruleId, null, kinds);
	}

	/** The funnel of a rule, or of one kind of its offers (its upsell apart from its downsell). */
	private Stage stage(String ruleId, @Nullable String kind, Map<String, Stage> kinds) {
		long presented = count(ruleId, kind, OfferStatus.PRESENTED.tag());
		long converted = count(ruleId, kind, OfferStatus.CONVERTED.tag());
		Map<String, Long> revenue = amounts(UpsellMetrics.REVENUE, ruleId, kind);
		Map<String, Long> refunds = amounts(UpsellMetrics.REFUNDS, ruleId, kind);
		Map<String, Long> net = new LinkedHashMap<>(revenue);
		refunds.forEach((currency, amount) -> net.merge(currency, -amount, Long::sum));
		return new Stage(presented, count(ruleId, kind, OfferStatus.ACCEPTED.tag()), converted,
				count(ruleId, kind, OfferStatus.DECLINED.tag()), count(ruleId, kind, OfferStatus.FAILED.tag()),
				count(ruleId, kind, OfferStatus.REDIRECTED.tag()), count(ruleId, kind, OfferStatus.EXPIRED.tag()),
				count(ruleId, kind, UpsellMetrics.REFUNDED), (presented > 0) ? (double) converted / presented : 0.0,
				revenue, refunds, net, kinds);
	}

	private Map<String, Long> amounts(String meter, String ruleId, @Nullable String kind) {
		Map<String, Long> amounts = new LinkedHashMap<>();
		Search search = this.registry.find(meter).tag("offer", ruleId);
		for (Counter counter : ((kind != null) ? search.tag("kind", kind) : search).counters()) {
			amounts.merge(counter.getId().getTag("currency"), (long) counter.count(), Long::sum);
		}
		return amounts;
	}

	private long count(String ruleId, @Nullable String kind, String stage) {
		Search search = this.registry.find(UpsellMetrics.OFFERS).tag("offer", ruleId).tag("stage", stage);
		List<Counter> counters = List.copyOf(((kind != null) ? search.tag("kind", kind) : search).counters());
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
	 * @param conversionRate converted / presented
	 * @param revenue gross revenue per currency, minor units
	 * @param refunds refunds per currency, minor units
	 * @param netRevenue revenue less refunds, per currency
	 * @param kinds the same per kind of offer ({@code upsell}, {@code downsell}, {@code cross_sell}), so a
	 * rule's downsell is seen apart from its upsell; empty within a kind. {@code converted} can exceed
	 * {@code accepted}: an offer paid on its fallback checkout link converts without a one-click accept
	 */
	public record Stage(long presented, long accepted, long converted, long declined, long failed, long redirected,
			long expired, long refunded, double conversionRate, Map<String, Long> revenue, Map<String, Long> refunds,
			Map<String, Long> netRevenue, Map<String, Stage> kinds) {
	}

}
