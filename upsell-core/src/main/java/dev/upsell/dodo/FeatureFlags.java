package dev.upsell.dodo;

import org.jspecify.annotations.Nullable;

/**
 * Checkout session feature flags; {@code null} leaves Dodo's default.
 *
 * @param redirectImmediately skip Dodo's success page and go straight to {@code return_url}
 * @param allowDiscountCode show the discount code field
 * @param allowCurrencySelection let the customer pick the currency
 * @param allowPhoneNumberCollection ask for a phone number
 * @param allowTaxId ask for a tax id
 * @param alwaysCreateNewCustomer never attach an existing customer
 * @param requirePhoneNumber make the phone number mandatory
 * @param singlePage render the checkout on one page
 */
public record FeatureFlags(@Nullable Boolean redirectImmediately, @Nullable Boolean allowDiscountCode,
		@Nullable Boolean allowCurrencySelection, @Nullable Boolean allowPhoneNumberCollection,
		@Nullable Boolean allowTaxId, @Nullable Boolean alwaysCreateNewCustomer, @Nullable Boolean requirePhoneNumber,
		@Nullable Boolean singlePage) {

	/** Flags with only {@code redirect_immediately} set: what one-click offers use. */
	public static FeatureFlags oneClick() {
		return new FeatureFlags(true, null, null, null, null, null, null, null);
	}

}
