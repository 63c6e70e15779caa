package dev.upsell.dodo;

import org.jspecify.annotations.Nullable;

/**
 * A billing address; only the country is required by Dodo.
 *
 * @param country ISO 3166 alpha-2 country
 * @param city city
 * @param state state or region
 * @param street street
 * @param zipcode postal code
 */
public record BillingAddress(String country, @Nullable String city, @Nullable String state, @Nullable String street,
		@Nullable String zipcode) {

	/**
	 * An address with the country only.
	 * @param country ISO 3166 alpha-2 country
	 * @return the address
	 */
	public static BillingAddress country(String country) {
		return new BillingAddress(country, null, null, null, null);
	}

}
