package dev.upsell.dodo;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /payments}.
 *
 * @param paymentId the new payment
 * @param totalAmount the total in minor units
 * @param clientSecret secret for client-side confirmation
 * @param customer the customer
 * @param metadata the metadata as stored
 * @param paymentLink a link where the customer can pay, when one was requested or is needed
 * @param expiresOn when the payment link expires
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentCreated(String paymentId, long totalAmount, @Nullable String clientSecret,
		@Nullable PaymentCustomer customer, @Nullable Map<String, String> metadata, @Nullable String paymentLink,
		@Nullable Instant expiresOn) {
}
