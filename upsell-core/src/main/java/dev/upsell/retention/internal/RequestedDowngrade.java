package dev.upsell.retention.internal;

import java.util.Map;
import java.util.Objects;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.Product;
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
	 * Whether a customer may ask for this plan in a downgrade flow: an active subscription with nothing scheduled, and
	 * a recurring plan in its currency that costs less per period (list price times the quantity, against what the
	 * subscription is billed). A customer names the plan; what it costs is Dodo's, so a "downgrade" to a dearer or an
	 * unknown product is refused rather than scheduled on the downgrade's terms.
	 * @param subscription the customer's subscription
	 * @param plan the product asked for
	 * @return whether the flow may start
	 */
	public boolean allows(Subscription subscription, String plan) {
		if (subscription.status() != Subscription.Status.ACTIVE || subscription.scheduledChange() != null
				|| subscription.productId().equals(plan)) {
			return false;
		}
		Product product;
		try {
			product = this.dodo.getProduct(plan);
		}
		catch (DodoApiException ex) {
			if (ex.status() == 404) {
				return false;
			}
			throw ex;
		}
		return product.isRecurring() && product.price().currency().equals(subscription.currency())
				&& product.price().price() * subscription.quantity() < subscription.recurringPreTaxAmount();
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
