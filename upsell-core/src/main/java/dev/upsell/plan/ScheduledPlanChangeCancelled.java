package dev.upsell.plan;

import org.jspecify.annotations.Nullable;

/**
 * Application event, and the answer of {@link PlanChangeService#cancelScheduled}: the plan change scheduled for a
 * subscription's next billing date was cancelled; it renews on its plan ("keep Pro after all").
 *
 * @param customerId the customer
 * @param subscriptionId the subscription
 * @param keptProductId the plan it keeps
 * @param cancelledProductId the plan that was scheduled, if Dodo said
 */
public record ScheduledPlanChangeCancelled(String customerId, String subscriptionId, String keptProductId,
		@Nullable String cancelledProductId) {
}
