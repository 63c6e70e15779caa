package dev.upsell.dodo;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /checkouts}.
 * <p>
 * With {@code paymentMethodId} and {@code confirm = true} this is the one-click path: Dodo charges the saved
 * method at once, so the request is <em>money-moving</em> and never retried.
 *
 * @param productCart what is bought (1–20 lines)
 * @param customer the customer; {@code payment_method_id} requires an existing customer id
 * @param paymentMethodId a saved method to charge; only with {@code confirm = true}
 * @param confirm finalise the session now
 * @param returnUrl where Dodo sends the customer afterwards
 * @param cancelUrl where Dodo sends a customer who cancels
 * @param metadata string metadata, echoed on the payment and its webhooks
 * @param billingCurrency the currency to bill in
 * @param billingAddress the billing address
 * @param featureFlags checkout feature flags
 * @param minimalAddress with {@code confirm = true}: only the country and zipcode of {@code billingAddress} are
 * required (SDK 2.52, {@code minimal_address}); without it Dodo's docs require every address field
 * @param discountCodes discount codes to apply (SDK 2.52 {@code discount_codes}); Dodo checks each code's own limits
 * (products, expiry, uses) and refuses one it cannot apply
 */
public record CheckoutSessionRequest(List<CartItem> productCart, @Nullable CustomerRef customer,
		@Nullable String paymentMethodId, @Nullable Boolean confirm, @Nullable String returnUrl,
		@Nullable String cancelUrl, @Nullable Map<String, String> metadata, @Nullable String billingCurrency,
		@Nullable BillingAddress billingAddress, @Nullable FeatureFlags featureFlags,
		@Nullable Boolean minimalAddress, @Nullable List<String> discountCodes) {

	/** Checks the rules Dodo would otherwise reject with a 422. */
	public CheckoutSessionRequest {
		if (productCart.isEmpty() || productCart.size() > 20) {
			throw new IllegalArgumentException("product_cart must have 1 to 20 items, not " + productCart.size());
		}
		if (paymentMethodId != null && (!Boolean.TRUE.equals(confirm) || customer == null
				|| customer.customerId() == null)) {
			throw new IllegalArgumentException(
					"payment_method_id needs confirm=true and an existing customer_id");
		}
		productCart = List.copyOf(productCart);
		metadata = (metadata != null) ? Map.copyOf(metadata) : null;
		discountCodes = (discountCodes != null && !discountCodes.isEmpty()) ? List.copyOf(discountCodes) : null;
	}

	/**
	 * A request without discount codes.
	 * @param productCart what is bought (1–20 lines)
	 * @param customer the customer
	 * @param paymentMethodId a saved method to charge; only with {@code confirm = true}
	 * @param confirm finalise the session now
	 * @param returnUrl where Dodo sends the customer afterwards
	 * @param cancelUrl where Dodo sends a customer who cancels
	 * @param metadata string metadata
	 * @param billingCurrency the currency to bill in
	 * @param billingAddress the billing address
	 * @param featureFlags checkout feature flags
	 * @param minimalAddress whether only the country and zipcode are required
	 */
	public CheckoutSessionRequest(List<CartItem> productCart, @Nullable CustomerRef customer,
			@Nullable String paymentMethodId, @Nullable Boolean confirm, @Nullable String returnUrl,
			@Nullable String cancelUrl, @Nullable Map<String, String> metadata, @Nullable String billingCurrency,
			@Nullable BillingAddress billingAddress, @Nullable FeatureFlags featureFlags,
			@Nullable Boolean minimalAddress) {
		this(productCart, customer, paymentMethodId, confirm, returnUrl, cancelUrl, metadata, billingCurrency,
				billingAddress, featureFlags, minimalAddress, null);
	}

	/**
	 * A request without {@code minimal_address}.
	 * @param productCart what is bought (1–20 lines)
	 * @param customer the customer
	 * @param paymentMethodId a saved method to charge; only with {@code confirm = true}
	 * @param confirm finalise the session now
	 * @param returnUrl where Dodo sends the customer afterwards
	 * @param cancelUrl where Dodo sends a customer who cancels
	 * @param metadata string metadata
	 * @param billingCurrency the currency to bill in
	 * @param billingAddress the billing address
	 * @param featureFlags checkout feature flags
	 */
	public CheckoutSessionRequest(List<CartItem> productCart, @Nullable CustomerRef customer,
			@Nullable String paymentMethodId, @Nullable Boolean confirm, @Nullable String returnUrl,
			@Nullable String cancelUrl, @Nullable Map<String, String> metadata, @Nullable String billingCurrency,
			@Nullable BillingAddress billingAddress, @Nullable FeatureFlags featureFlags) {
		this(productCart, customer, paymentMethodId, confirm, returnUrl, cancelUrl, metadata, billingCurrency,
				billingAddress, featureFlags, null, null);
	}

}
