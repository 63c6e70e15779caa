package dev.upsell.test.simulator;

import org.jspecify.annotations.Nullable;

/**
 * A simulated product, priced as Dodo prices it (product {@code price} object, SDK 2.52).
 * <p>
 * {@code price} is before discount. A tax rate applies on top of a tax-exclusive price (the payment's
 * {@code total_amount} includes it, {@code tax} shows it) and is part of a tax-inclusive one. A
 * pay-what-you-want price is a minimum: a cart line's {@code amount} is charged, never less than it. A
 * usage-based product has no {@code price} (only a {@code fixed_price}) and cannot be sold in a one-time cart.
 * <p>
 * Guesses (the reference is silent): a monthly period is 30 days, a yearly one 365; tax and discount are
 * rounded half up to the minor unit; the tax rate is the product's, not derived from the buyer's address.
 *
 * @param productId the product id
 * @param name display name
 * @param price price in minor units (per period for recurring products; the fixed price of usage-based ones)
 * @param currency ISO 4217 currency
 * @param recurring whether it is a subscription product
 * @param interval the billing interval ({@code Month}, {@code Year}) of recurring products
 * @param taxBasisPoints the tax rate in basis points (1800 = 18 %)
 * @param taxInclusive whether {@code price} already includes the tax
 * @param discountBasisPoints the product discount in basis points
 * @param payWhatYouWant whether {@code price} is a minimum the buyer may exceed
 * @param usageBased whether it is a usage-based product
 */
public record SimProduct(String productId, String name, long price, String currency, boolean recurring,
		@Nullable String interval, int taxBasisPoints, boolean taxInclusive, int discountBasisPoints,
		boolean payWhatYouWant, boolean usageBased) {

	/**
	 * A product without tax added (its price includes any tax) or discount.
	 * @param productId the product id
	 * @param name display name
	 * @param price price in minor units
	 * @param currency ISO 4217 currency
	 * @param recurring whether it is a subscription product
	 * @param interval the billing interval of recurring products
	 */
	public SimProduct(String productId, String name, long price, String currency, boolean recurring,
			@Nullable String interval) {
		this(productId, name, price, currency, recurring, interval, 0, true, 0, false, false);
	}

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

	/**
	 * A usage-based product: no {@code price}, a fixed price per period.
	 * @param productId the product id
	 * @param name display name
	 * @param fixedPrice the fixed price in minor units
	 * @param currency ISO 4217 currency
	 * @return the product
	 */
	public static SimProduct usageBased(String productId, String name, long fixedPrice, String currency) {
		return new SimProduct(productId, name, fixedPrice, currency, true, "Month", 0, true, 0, false, true);
	}

	/**
	 * This product with tax.
	 * @param basisPoints the rate in basis points (1800 = 18 %)
	 * @param inclusive whether the price includes it
	 * @return the product
	 */
	public SimProduct taxed(int basisPoints, boolean inclusive) {
		return new SimProduct(this.productId, this.name, this.price, this.currency, this.recurring, this.interval,
				basisPoints, inclusive, this.discountBasisPoints, this.payWhatYouWant, this.usageBased);
	}

	/**
	 * This product with a discount.
	 * @param basisPoints the discount in basis points (1000 = 10 %)
	 * @return the product
	 */
	public SimProduct discounted(int basisPoints) {
		return new SimProduct(this.productId, this.name, this.price, this.currency, this.recurring, this.interval,
				this.taxBasisPoints, this.taxInclusive, basisPoints, this.payWhatYouWant, this.usageBased);
	}

	/**
	 * This product as pay-what-you-want, {@code price} being the minimum.
	 * @return the product
	 */
	public SimProduct asPayWhatYouWant() {
		return new SimProduct(this.productId, this.name, this.price, this.currency, this.recurring, this.interval,
				this.taxBasisPoints, this.taxInclusive, this.discountBasisPoints, true, this.usageBased);
	}

	/** The length of one billing period in days. */
	int periodDays() {
		return "Year".equals(this.interval) ? 365 : 30;
	}

	/**
	 * What a cart line of this product costs.
	 * @param unitPrice the unit price before discount (the price, or a pay-what-you-want amount)
	 * @param quantity the quantity
	 * @return the amounts
	 */
	Amounts amounts(long unitPrice, int quantity) {
		long gross = unitPrice * quantity;
		long discounted = gross - halfUp(gross * this.discountBasisPoints, 10_000);
		if (this.taxInclusive) {
			long tax = halfUp(discounted * this.taxBasisPoints, 10_000L + this.taxBasisPoints);
			return new Amounts(discounted, tax);
		}
		long tax = halfUp(discounted * this.taxBasisPoints, 10_000);
		return new Amounts(discounted + tax, tax);
	}

	private static long halfUp(long numerator, long denominator) {
		return (numerator + denominator / 2) / denominator;
	}

	/**
	 * What a customer pays for a line.
	 *
	 * @param total the amount charged, tax included
	 * @param tax the tax part of it
	 */
	record Amounts(long total, long tax) {
	}

}
