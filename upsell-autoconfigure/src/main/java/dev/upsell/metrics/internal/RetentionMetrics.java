package dev.upsell.metrics.internal;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowChanged;

/**
 * Retention flows on Micrometer, from {@link RetentionFlowChanged}: {@code upsell.retention.flows} counts each flow
 * reaching a status ({@code started}, {@code offered}, {@code reason_given}, {@code saved}, {@code failed},
 * {@code cancelled}, {@code expired}) by reason and offer; {@code upsell.retention.outcomes} counts every flow with
 * a reason once measured, {@code kept} or {@code churned}, by group ({@code holdout}, {@code offered},
 * {@code no_offer}): the holdout's churn beside the offers'; {@code upsell.retention.saves} counts each save measured,
 * {@code kept} or {@code churned}, by offer; {@code upsell.retention.revenue.kept} adds the recurring amount of each
 * subscription kept, by currency and offer. Tags are bounded: reasons and offer ids come from the configuration.
 */
public final class RetentionMetrics {

	/** Flows reaching a status. */
	public static final String FLOWS = "upsell.retention.flows";

	/** Saves measured. */
	public static final String SAVES = "upsell.retention.saves";

	/** Recurring revenue kept by saves measured as kept, per period, in minor units. */
	public static final String REVENUE_KEPT = "upsell.retention.revenue.kept";

	/** Flows with a reason measured, kept or churned, by group (holdout, offered, no_offer). */
	public static final String OUTCOMES = "upsell.retention.outcomes";

	private static final String NONE = "none";

	/** The group a measured flow counts in: held out, shown an offer, or shown none. */
	private static String group(RetentionFlow flow) {
		if (RetentionFlow.HOLDOUT.equals(flow.variant())) {
			return "holdout";
		}
		return (flow.offerId() != null) ? "offered" : "no_offer";
	}

	private final MeterRegistry registry;

	/**
	 * Creates the meters' listener.
	 * @param registry where the meters go
	 */
	public RetentionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Counts the status a flow reached, and a save once measured.
	 * @param event the change written
	 */
	@EventListener
	public void onFlowChanged(RetentionFlowChanged event) {
		RetentionFlow after = event.after();
		RetentionFlow before = event.before();
		String offer = (after.offerId() != null) ? after.offerId() : NONE;
		if (before == null || before.status() != after.status()) {
			Counter.builder(FLOWS)
				.description("Retention flows reaching each status")
				.tag("status", after.status().name().toLowerCase(Locale.ROOT))
				.tag("reason", (after.reason() != null) ? after.reason() : NONE)
				.tag("offer", offer)
				.register(this.registry)
				.increment();
		}
		boolean measured = after.kept() != null && (before == null || before.kept() == null);
		if (measured) {
			Counter.builder(OUTCOMES)
				.description("Flows with a reason measured after dodo.upsell.retention.save-after, by group: "
						+ "holdout (shown no offer), offered, no_offer")
				.tag("group", group(after))
				.tag("result", after.kept() ? "kept" : "churned")
				.register(this.registry)
				.increment();
		}
		if (measured && after.status() == RetentionFlow.Status.SAVED) {
			Counter.builder(SAVES)
				.description("Saves measured after dodo.upsell.retention.save-after: kept or churned")
				.tag("result", after.kept() ? "kept" : "churned")
				.tag("offer", offer)
				.register(this.registry)
				.increment();
		}
		if (event.keptPerPeriod() != null) {
			Counter.builder(REVENUE_KEPT)
				.description("Recurring revenue (before tax, per period, minor units) of subscriptions kept by a save")
				.baseUnit("minor_units")
				.tag("currency", event.keptPerPeriod().currency())
				.tag("offer", offer)
				.register(this.registry)
				.increment(event.keptPerPeriod().amount());
		}
	}

}
