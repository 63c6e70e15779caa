package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /checkouts}.
 *
 * @param sessionId the session id
 * @param checkoutUrl the hosted checkout page; absent when a {@code payment_method_id} was given
 * @param paymentId set when {@code confirm = true} created a payment right away
 * @param clientSecret secret for client-side confirmation, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckoutSession(String sessionId, @Nullable String checkoutUrl, @Nullable String paymentId,
		@Nullable String clientSecret) {
}
