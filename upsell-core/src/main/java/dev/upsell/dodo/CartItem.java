package dev.upsell.dodo;

import org.jspecify.annotations.Nullable;

/**
 * One line of a {@code product_cart}.
 *
 * @param productId the product
 * @param quantity how many
 * @param amount the price in minor units, for pay-what-you-want products only
 */
public record CartItem(String productId, int quantity, @Nullable Long amount) {

	/**
	 * A cart line at the product's own price.
	 * @param productId the product
	 * @param quantity how many
	 * @return the line
	 */
	public static CartItem of(String productId, int quantity) {
		return new CartItem(productId, quantity, null);
	}

}
