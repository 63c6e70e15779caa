package dev.upsell.catalog;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount in the currency's minor units (cents for USD) and its ISO 4217 code. Never floating point.
 *
 * @param amount minor units
 * @param currency ISO 4217 code, upper case
 */
public record Money(long amount, String currency) {

	/** Validates the currency code. */
	public Money {
		currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
	}

	/**
	 * Formats for display, e.g. {@code $50.00}; only at the edge.
	 * @param locale the display locale
	 * @return the formatted amount
	 */
	public String format(Locale locale) {
		Currency unit = Currency.getInstance(this.currency);
		java.text.NumberFormat format = java.text.NumberFormat.getCurrencyInstance(locale);
		format.setCurrency(unit);
		return format.format(BigDecimal.valueOf(this.amount, Math.max(unit.getDefaultFractionDigits(), 0)));
	}

}
