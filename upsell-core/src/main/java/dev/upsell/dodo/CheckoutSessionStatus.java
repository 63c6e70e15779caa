package dev.upsell.dodo;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code GET /checkouts/{session_id}}.
 *
 * @param id the session id
 * @param createdAt when the session was created
 * @param paymentId the payment, once one exists
 * @param paymentStatus the payment's status, once one exists
 * @param customerEmail the customer's e-mail
 * @param customerName the customer's name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckoutSessionStatus(String id, @Nullable Instant createdAt, @Nullable String paymentId,
		@Nullable PaymentStatus paymentStatus, @Nullable String customerEmail, @Nullable String customerName) {
}
