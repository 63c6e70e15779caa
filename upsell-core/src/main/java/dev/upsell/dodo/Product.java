package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A product, as returned by {@code GET /products/{id}}.
 *
 * @param productId the product id
 * @param name display name
 * @param description description
 * @param isRecurring whether it is a subscription product
 * @param price its price
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Product(String productId, @Nullable String name, @Nullable String description, boolean isRecurring,
		Price price) {

	/**
	 * A product's price; {@code type} is {@code one_time_price}, {@code recurring_price} or
	 * {@code usage_based_price}.
	 *
	 * @param type the price type
	 * @param price amount in minor units
	 * @param currency ISO 4217 currency
	 * @param paymentFrequencyCount billing period length (recurring prices)
	 * @param paymentFrequencyInterval billing period unit (recurring prices)
	 * @param payWhatYouWant whether the buyer chooses the amount ({@code price} is then the minimum)
	 * @param taxInclusive whether the price includes tax; when {@code false}, tax is added at charge time
	 * @param discountBps the product's discount in basis points; {@code price} is before it
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Price(String type, long price, String currency, @Nullable Integer paymentFrequencyCount,
			@Nullable String paymentFrequencyInterval, @Nullable Boolean payWhatYouWant,
			@Nullable Boolean taxInclusive, @Nullable Integer discountBps) {

		/** Whether this is a usage-based price, which has no {@code price} to offer. */
		public boolean isUsageBased() {
			return "usage_based_price".equals(this.type);
		}

		/**
		 * What one unit costs after the product's discount (rounded half up to the minor unit), before any tax
		 * added at charge time; for pay-what-you-want prices, the minimum.
		 * @return minor units
		 */
		public long discountedPrice() {
			int bps = (this.discountBps != null) ? this.discountBps : 0;
			return this.price - (this.price * bps + 5_000) / 10_000;
		}

	}

}
