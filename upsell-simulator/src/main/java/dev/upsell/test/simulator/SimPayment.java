package dev.upsell.test.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A payment the simulator made, for assertions in tests.
 *
 * @param paymentId the payment id
 * @param status {@code succeeded}, {@code failed}, {@code requires_payment_method}, …
 * @param totalAmount total in minor units
 * @param currency ISO 4217 currency
 * @param customerId the customer
 * @param metadata metadata from the request
 * @param productIds the products bought
 * @param checkoutSessionId the checkout session that made it, if any
 * @param subscriptionId the subscription it belongs to, if any
 * @param paymentMethodId the card charged, if any
 * @param errorCode why it failed
 * @param createdAt when it was made
 */
public record SimPayment(String paymentId, String status, long totalAmount, String currency, String customerId,
		Map<String, String> metadata, List<String> productIds, @Nullable String checkoutSessionId,
		@Nullable String subscriptionId, @Nullable String paymentMethodId, @Nullable String errorCode,
		Instant createdAt) {

	/** Whether money moved. */
	public boolean succeeded() {
		return "succeeded".equals(this.status);
	}

	/** Whether a card was charged (successfully or not). */
	public boolean isCharge() {
		return this.paymentMethodId != null;
	}

}
