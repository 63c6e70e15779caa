package dev.upsell.web.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.plan.PlanChangeOutcome;

/**
 * The body of {@code POST /upsell/plan-changes}.
 *
 * @param status {@code charged}, {@code credited}, {@code scheduled}, {@code no_charge},
 * {@code payment_required}, {@code action_required}, {@code payment_failed} or {@code pending}
 * @param paymentId the Dodo payment, when there is one
 * @param paymentLink where the customer pays, when Dodo needs them to
 * @param clientSecret for Dodo's checkout SDK, when the customer must complete the payment
 * ({@code action_required})
 * @param quote the figures the change was made at
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanChangeResponse(String status, @Nullable String paymentId, @Nullable String paymentLink,
		@Nullable String clientSecret, QuoteView quote) {

	/**
	 * The body for an outcome.
	 * @param outcome what the change did
	 * @return the body
	 */
	public static PlanChangeResponse of(PlanChangeOutcome outcome) {
		return new PlanChangeResponse(outcome.status().tag(), outcome.paymentId(), outcome.paymentLink(),
				(outcome.status() == PlanChangeOutcome.Status.ACTION_REQUIRED) ? outcome.clientSecret() : null,
				QuoteView.of(outcome.quote()));
	}

}
