package dev.upsell.test.simulator;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A simulated subscription's state, for assertions in tests.
 *
 * @param subscriptionId the subscription id
 * @param customerId the customer
 * @param productId the current plan
 * @param quantity how many
 * @param status {@code active}, {@code on_hold}, {@code cancelled}, …
 * @param previousBillingDate start of the current period
 * @param nextBillingDate end of the current period
 * @param credits subscription-scoped credit in minor units, applied to renewals and upgrades
 * @param scheduledProductId the plan a scheduled change moves to, if any
 * @param paymentMethodId the card renewals charge
 * @param addons addon id to quantity
 */
public record SimSubscription(String subscriptionId, String customerId, String productId, int quantity,
		String status, Instant previousBillingDate, Instant nextBillingDate, long credits,
		@Nullable String scheduledProductId, @Nullable String paymentMethodId, Map<String, Integer> addons) {
}
