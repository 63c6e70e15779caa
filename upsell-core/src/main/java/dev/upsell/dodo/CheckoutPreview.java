package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /checkouts/preview} (SDK 2.52 {@code CheckoutSessionPreviewResponse}): what Dodo would
 * charge for a cart, a customer and a billing address, with its localized prices, purchasing power parity,
 * adaptive currency, discounts and tax applied. Only the figures dodo-upsell pins are read.
 *
 * @param currency the currency the figures are in (may differ from the product's)
 * @param billingCountry the billing country the figures were made for
 * @param currentBreakup what is due now
 * @param totalPrice the cart's total price
 * @param totalTax the cart's total tax, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckoutPreview(String currency, @Nullable String billingCountry, Breakup currentBreakup,
		long totalPrice, @Nullable Long totalTax) {

	/**
	 * What is due now.
	 *
	 * @param subtotal before discount, before tax
	 * @param discount the discount
	 * @param tax the tax, if any
	 * @param totalAmount what is charged now, all included
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Breakup(long subtotal, long discount, @Nullable Long tax, long totalAmount) {
	}

}
