package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /checkouts}.
 *
 * @param sessionId the session id
 * @param checkoutUrl the hosted checkout page; absent when a {@code payment_method_id} was given
 * @param paymentId set when {@code confirm = true} created a payment right away
 * @param clientSecret with {@code publishableKey}, what loads Dodo's checkout SDK in the customer's browser (SDK
 * 2.52: "Client secret used to load the Dodo Payments checkout SDK"): how a customer finishes a confirmed
 * payment that waits for them (3-D Secure), since a confirmed session has no {@code checkoutUrl}
 * @param publishableKey the publishable key for Dodo's checkout SDK, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckoutSession(String sessionId, @Nullable String checkoutUrl, @Nullable String paymentId,
		@Nullable String clientSecret, @Nullable String publishableKey) {
}
