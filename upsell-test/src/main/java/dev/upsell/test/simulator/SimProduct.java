package dev.upsell.test.simulator;

import org.jspecify.annotations.Nullable;

/**
 * A simulated product.
 * <p>
 * Guess (the reference is silent): a monthly period is simulated as 30 days, a yearly one as 365.
 *
 * @param productId the product id
 * @param name display name
 * @param price price in minor units (per period for recurring products)
 * @param currency ISO 4217 currency
 * @param recurring whether it is a subscription product
 * @param interval the billing interval ({@code Month}, {@code Year}) of recurring products
 */
public record SimProduct(String productId, String name, long price, String currency, boolean recurring,
		@Nullable String interval) {

	/**
	 * A one-time product.
	 * @param productId the product id
	 * @param name display name
	 * @param price price in minor units
	 * @param currency ISO 4217 currency
	 * @return the product
	 */
	public static SimProduct oneTime(String productId, String name, long price, String currency) {
		return new SimProduct(productId, name, price, currency, false, null);
	}

	/**
	 * A monthly subscription product.
	 * @param productId the product id
	 * @param name display name
	 * @param price price per month in minor units
	 * @param currency ISO 4217 currency
	 * @return the product
	 */
	public static SimProduct monthly(String productId, String name, long price, String currency) {
		return new SimProduct(productId, name, price, currency, true, "Month");
	}

	/** The length of one billing period in days. */
	int periodDays() {
		return "Year".equals(this.interval) ? 365 : 30;
	}

}
