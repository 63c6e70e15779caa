package dev.upsell.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.jspecify.annotations.Nullable;

import dev.upsell.offer.OfferRule;
import dev.upsell.offer.OfferRules;
import dev.upsell.offer.OfferStatus;

/**
 * The funnel per offer rule, read back from the meters of this instance: what the {@code upsell} actuator
 * endpoint shows.
 */
public final class UpsellFunnel {

	private final MeterRegistry registry;

	private final OfferRules rules;

	/**
	 * Creates the funnel view.
	 * @param registry the registry holding {@code upsell.offers}
	 * @param rules the rules (so rules without activity show too)
	 */
	public UpsellFunnel(MeterRegistry registry, OfferRules rules) {
		this.registry = registry;
		this.rules = rules;
	}

	/**
	 * The funnel of every rule.
	 * @return one entry per rule id
	 */
	public Map<String, Stage> byRule() {
		Map<String, Stage> funnel = new TreeMap<>();
		for (OfferRule rule : this.rules.all()) {
			funnel.put(rule.id(), stage(rule.id()));
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
		long presented = count(ruleId, kind, OfferStatus.PRESENTED);
		long converted = count(ruleId, kind, OfferStatus.CONVERTED);
		Map<String, Long> revenue = new LinkedHashMap<>();
		Search search = this.registry.find(UpsellMetrics.REVENUE).tag("offer", ruleId);
		for (Counter counter : ((kind != null) ? search.tag("kind", kind) : search).counters()) {
			revenue.merge(counter.getId().getTag("currency"), (long) counter.count(), Long::sum);
		}
		return new Stage(presented, count(ruleId, kind, OfferStatus.ACCEPTED), converted,
				count(ruleId, kind, OfferStatus.DECLINED), count(ruleId, kind, OfferStatus.FAILED),
				count(ruleId, kind, OfferStatus.REDIRECTED), count(ruleId, kind, OfferStatus.EXPIRED),
				(presented > 0) ? (double) converted / presented : 0.0, revenue, kinds);
	}

	private long count(String ruleId, @Nullable String kind, OfferStatus status) {
		Search search = this.registry.find(UpsellMetrics.OFFERS).tag("offer", ruleId).tag("stage", status.tag());
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
	 * @param conversionRate converted / presented
	 * @param revenue revenue per currency, minor units
	 * @param kinds the same per kind of offer ({@code upsell}, {@code downsell}, {@code cross_sell}), so a
	 * rule's downsell is seen apart from its upsell; empty within a kind. {@code converted} can exceed
	 * {@code accepted}: an offer paid on its fallback checkout link converts without a one-click accept
	 */
	public record Stage(long presented, long accepted, long converted, long declined, long failed, long redirected,
			long expired, double conversionRate, Map<String, Long> revenue, Map<String, Stage> kinds) {
	}

}
