package dev.upsell.dodo;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /subscriptions/{id}/change-plan}; every field may be absent (an empty body is
 * valid). The outcome is confirmed by {@code payment.*} and {@code subscription.plan_changed} webhooks.
 *
 * @param paymentId the payment the change created, if any
 * @param paymentLink a link the customer must use to pay, if Dodo needs one
 * @param clientSecret secret for client-side confirmation
 * @param expiresOn when the payment link expires
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanChangeResult(@Nullable String paymentId, @Nullable String paymentLink,
		@Nullable String clientSecret, @Nullable Instant expiresOn) {

	/** The result of an empty response body. */
	public static PlanChangeResult empty() {
		return new PlanChangeResult(null, null, null, null);
	}

}
