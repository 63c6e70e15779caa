package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The customer as embedded in payments and subscriptions.
 *
 * @param customerId Dodo's customer id
 * @param email e-mail
 * @param name name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentCustomer(String customerId, @Nullable String email, @Nullable String name) {
}
