package dev.upsell.dodo;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A refund, as carried by {@code refund.*} webhooks. It has its own metadata only: find the offer through
 * {@link #paymentId()}.
 *
 * @param refundId the refund id
 * @param paymentId the refunded payment
 * @param amount refunded minor units ({@code null} when Dodo does not say)
 * @param currency ISO 4217 currency
 * @param status the refund's status
 * @param reason why
 * @param isPartial whether only part was refunded
 * @param metadata the refund's own metadata
 * @param createdAt when it was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Refund(String refundId, String paymentId, @Nullable Long amount, @Nullable String currency,
		@Nullable String status, @Nullable String reason, @Nullable Boolean isPartial,
		@Nullable Map<String, String> metadata, @Nullable Instant createdAt) {
}
