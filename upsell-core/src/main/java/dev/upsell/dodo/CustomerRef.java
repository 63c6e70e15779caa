package dev.upsell.dodo;

import org.jspecify.annotations.Nullable;

/**
 * The customer of a checkout session or payment: either an existing customer by id, or a new one by
 * e-mail and name.
 *
 * @param customerId an existing Dodo customer
 * @param email a new customer's e-mail
 * @param name a new customer's name
 */
public record CustomerRef(@Nullable String customerId, @Nullable String email, @Nullable String name) {

	/**
	 * Attaches an existing customer.
	 * @param customerId the Dodo customer id
	 * @return the reference
	 */
	public static CustomerRef existing(String customerId) {
		return new CustomerRef(customerId, null, null);
	}

}
