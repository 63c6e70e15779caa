package dev.upsell.web.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.plan.ScheduledPlanChangeCancelled;

/**
 * {@code POST /upsell/plan-changes/scheduled/cancel}: the subscription whose scheduled change to cancel, and the
 * answer.
 *
 * @param subscriptionId the subscription (required)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduledChangeBody(@Nullable String subscriptionId) {

	/** Validates the field. */
	public ScheduledChangeBody {
		if (subscriptionId == null || subscriptionId.isBlank() || subscriptionId.length() > 200) {
			throw new IllegalArgumentException("subscription_id is required and must be a string of 1 to 200 characters");
		}
	}

	/**
	 * The answer: the plan kept and the one no longer scheduled.
	 *
	 * @param subscriptionId the subscription
	 * @param keptProductId the plan it renews on
	 * @param cancelledProductId the plan that was scheduled, if Dodo said
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Cancelled(String subscriptionId, String keptProductId, @Nullable String cancelledProductId) {

		static Cancelled of(ScheduledPlanChangeCancelled cancelled) {
			return new Cancelled(cancelled.subscriptionId(), cancelled.keptProductId(), cancelled.cancelledProductId());
		}

	}

}
