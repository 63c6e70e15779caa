package dev.upsell.retention.internal;

import java.util.Map;
import java.util.Objects;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.retention.RetentionFlow;

/**
 * The downgrade a customer asked for, made when they decline the offers: the cheaper plan from the next billing
 * date, charged nothing now (Dodo's scheduled change: {@code next_billing_date} with {@code full_immediately}, the
 * only pairing Dodo accepts). Aimed at a state, so a click again or a retry after a lost answer never schedules it
 * twice: a change to that plan already scheduled (or made) is the downgrade done.
 */
public final class RequestedDowngrade {

	private final DodoClient dodo;

	/**
	 * Creates the downgrade.
	 * @param dodo Dodo
	 */
	public RequestedDowngrade(DodoClient dodo) {
		this.dodo = dodo;
	}

	/**
	 * Schedules the flow's plan for the next billing date, unless Dodo has it already.
	 * @param flow a downgrade flow
	 * @throws DodoApiException when Dodo refuses it or cannot be reached (nothing recorded: the customer clicks again)
	 */
	public void make(RetentionFlow flow) {
		String plan = Objects.requireNonNull(flow.downgradeTo(), "a downgrade flow");
		Subscription subscription = this.dodo.getSubscription(flow.subscriptionId());
		if (reached(subscription, plan)) {
			return;
		}
		this.dodo.changePlan(flow.subscriptionId(),
				new PlanChangeRequest(plan, subscription.quantity(), ProrationMode.FULL_IMMEDIATELY,
						EffectiveAt.NEXT_BILLING_DATE, null, subscription.addons(), Map.of("retention_flow", flow.id()),
						null));
	}

	/**
	 * Whether the subscription is on the plan, or has the change to it scheduled.
	 * @param subscription the subscription
	 * @param plan the cheaper plan
	 * @return whether the downgrade is made
	 */
	public static boolean reached(Subscription subscription, String plan) {
		Object scheduled = (subscription.scheduledChange() != null) ? subscription.scheduledChange().get("product_id")
				: null;
		return plan.equals(scheduled) || plan.equals(subscription.productId());
	}

}
