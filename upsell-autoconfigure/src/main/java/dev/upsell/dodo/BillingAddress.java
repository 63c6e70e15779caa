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

	/**
	 * Whether every field is filled in, as Dodo's docs require of a confirmed checkout session
	 * ({@code confirm: true}): country, state, city, street and zipcode.
	 * @return whether the address is complete
	 */
	public boolean isComplete() {
		return filled(this.city) && filled(this.state) && filled(this.street) && filled(this.zipcode)
				&& !this.country.isBlank();
	}

	private static boolean filled(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
