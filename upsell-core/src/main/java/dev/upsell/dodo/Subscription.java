package dev.upsell.dodo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A subscription, as returned by {@code GET /subscriptions/{id}} and carried by {@code subscription.*}
 * webhooks and plan change previews ({@code new_plan}).
 *
 * @param subscriptionId the subscription id
 * @param status its status
 * @param productId the current product (plan)
 * @param quantity how many
 * @param currency ISO 4217 currency
 * @param recurringPreTaxAmount price per period in minor units, before tax
 * @param customer the customer
 * @param paymentMethodId the method renewals charge
 * @param nextBillingDate when the next renewal is charged
 * @param previousBillingDate when the current period started
 * @param paymentFrequencyCount billing period length
 * @param paymentFrequencyInterval billing period unit: {@code Day}, {@code Week}, {@code Month}, {@code Year}
 * @param metadata metadata
 * @param scheduledChange a pending plan change, if any (shape not mapped: its presence is what matters)
 * @param createdAt when it was created
 * @param addons its paid addons; a plan change that does not send them removes them
 * @param cancelAtNextBillingDate whether it ends at its next billing date instead of renewing
 * @param cancellationFeedback the customer's reason, once cancelling
 * @param discounts the discounts applied, in order (SDK {@code DiscountDetail}: id, code, cycles remaining)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Subscription(String subscriptionId, Status status, String productId, int quantity, String currency,
		long recurringPreTaxAmount, @Nullable PaymentCustomer customer, @Nullable String paymentMethodId,
		@Nullable Instant nextBillingDate, @Nullable Instant previousBillingDate, int paymentFrequencyCount,
		@Nullable String paymentFrequencyInterval, @Nullable Map<String, String> metadata,
		@Nullable Map<String, Object> scheduledChange, @Nullable Instant createdAt,
		@Nullable List<PlanChangeRequest.Addon> addons, @Nullable Boolean cancelAtNextBillingDate,
		SubscriptionUpdate.@Nullable CancellationFeedback cancellationFeedback, @Nullable List<AppliedDiscount> discounts) {

	/**
	 * Whether a discount takes something off its renewals.
	 * @return {@code true} when Dodo lists one
	 */
	public boolean discounted() {
		return this.discounts != null && !this.discounts.isEmpty();
	}

	/**
	 * A discount on the subscription (SDK {@code DiscountDetail}).
	 *
	 * @param discountId the discount
	 * @param code its code
	 * @param cyclesRemaining renewals it still takes off; {@code null} for all of them
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record AppliedDiscount(String discountId, @Nullable String code, @Nullable Integer cyclesRemaining) {
	}

	/**
	 * Whether the subscription ends at its next billing date instead of renewing.
	 * @return {@code true} when Dodo says so
	 */
	public boolean cancelsAtPeriodEnd() {
		return Boolean.TRUE.equals(this.cancelAtNextBillingDate);
	}

	/** A subscription's status. Statuses Dodo adds later read as {@link #UNKNOWN}. */
	public enum Status {

		/** Created, first payment not done. */
		@JsonProperty("pending") PENDING,
		/** Running. */
		@JsonProperty("active") ACTIVE,
		/** Renewal failed; waiting for payment. */
		@JsonProperty("on_hold") ON_HOLD,
		/** Paused. */
		@JsonProperty("paused") PAUSED,
		/** Cancelled. */
		@JsonProperty("cancelled") CANCELLED,
		/** Failed. */
		@JsonProperty("failed") FAILED,
		/** Ran out. */
		@JsonProperty("expired") EXPIRED,
		/** Renewal overdue. */
		@JsonProperty("past_due") PAST_DUE,
		/** A status this version does not know. */
		@JsonEnumDefaultValue UNKNOWN

	}

}
