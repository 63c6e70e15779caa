package dev.upsell.offer.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.BillingAddress;

/**
 * What to charge in one click.
 *
 * @param customerId the Dodo customer
 * @param productId the product
 * @param quantity how many
 * @param currency the ISO 4217 currency of the product's price
 * @param metadata metadata for the payment (carries {@code offer_id}, so webhooks find the offer)
 * @param method how to charge
 * @param billingAddress the buyer's full billing address, when known: a confirmed checkout session needs one
 * @param unitAmount the price per unit to send as the cart line's {@code amount} (an experiment's price for a
 * pay-what-you-want product), or {@code null} for the product's own price
 * @param discountCode the Dodo discount code the offer's price includes, sent with the charge and its preview
 */
public record OneClickCharge(String customerId, String productId, int quantity, String currency,
		Map<String, String> metadata, ChargeMethod method, @Nullable BillingAddress billingAddress,
		@Nullable Long unitAmount, @Nullable String discountCode) {

	/**
	 * A charge without a discount code.
	 * @param customerId the Dodo customer
	 * @param productId the product
	 * @param quantity how many
	 * @param currency the ISO 4217 currency of the product's price
	 * @param metadata metadata for the payment
	 * @param method how to charge
	 * @param billingAddress the buyer's billing address, when known
	 * @param unitAmount the cart line's amount per unit, or {@code null}
	 */
	public OneClickCharge(String customerId, String productId, int quantity, String currency,
			Map<String, String> metadata, ChargeMethod method, @Nullable BillingAddress billingAddress,
			@Nullable Long unitAmount) {
		this(customerId, productId, quantity, currency, metadata, method, billingAddress, unitAmount, null);
	}

	/**
	 * The {@code discount_codes} to send: the offer's code, or none.
	 * @return the codes, or {@code null}
	 */
	public java.util.@Nullable List<String> discountCodes() {
		return (this.discountCode != null) ? java.util.List.of(this.discountCode) : null;
	}

	/** Copies the metadata. */
	public OneClickCharge {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * A charge without a known billing address.
	 * @param customerId the Dodo customer
	 * @param productId the product
	 * @param quantity how many
	 * @param currency the ISO 4217 currency of the product's price
	 * @param metadata metadata for the payment
	 * @param method how to charge
	 */
	public OneClickCharge(String customerId, String productId, int quantity, String currency,
			Map<String, String> metadata, ChargeMethod method) {
		this(customerId, productId, quantity, currency, metadata, method, null, null, null);
	}

	/**
	 * The cart of this charge: one line, at the product's price or at {@link #unitAmount()}.
	 * @return the cart
	 */
	public java.util.List<dev.upsell.dodo.CartItem> cart() {
		return java.util.List.of(new dev.upsell.dodo.CartItem(this.productId, this.quantity, this.unitAmount));
	}

}
