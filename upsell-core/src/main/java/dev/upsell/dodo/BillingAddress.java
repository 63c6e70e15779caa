package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * A billing address. Dodo requires the country everywhere; a confirmed checkout session ({@code confirm: true})
 * needs every field ({@link #isComplete()}), or the country and zipcode with {@code minimal_address}
 * ({@link #isMinimal()}).
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
	@JsonIgnore
	public boolean isComplete() {
		return filled(this.city) && filled(this.state) && filled(this.street) && filled(this.zipcode)
				&& !this.country.isBlank();
	}

	/**
	 * Whether the address has what a confirmed checkout session needs with {@code minimal_address: true}
	 * (SDK 2.52: "only zipcode is required when confirm is true"): a country and a zipcode.
	 * @return whether the address is enough for {@code minimal_address}
	 */
	@JsonIgnore
	public boolean isMinimal() {
		return filled(this.zipcode) && !this.country.isBlank();
	}

	private static boolean filled(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
