package dev.upsell.dodo;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /payments}. <em>Money-moving</em> with a {@code payment_method_id}: never retried.
 *
 * @param billing billing address (country required)
 * @param customer the customer
 * @param productCart what is bought
 * @param paymentMethodId a saved method to charge
 * @param returnUrl where Dodo sends the customer afterwards
 * @param metadata string metadata, echoed on the payment and its webhooks
 * @param paymentLink whether Dodo should create a payment link
 * @param billingCurrency the currency to bill in
 * @param discountCodes discount codes to apply ({@code discount_codes}); Dodo checks each code's own limits
 */
public record OneTimePaymentRequest(BillingAddress billing, CustomerRef customer, List<CartItem> productCart,
		@Nullable String paymentMethodId, @Nullable String returnUrl, @Nullable Map<String, String> metadata,
		@Nullable Boolean paymentLink, @Nullable String billingCurrency, @Nullable List<String> discountCodes) {

	/** Copies the collections. */
	public OneTimePaymentRequest {
		productCart = List.copyOf(productCart);
		metadata = (metadata != null) ? Map.copyOf(metadata) : null;
		discountCodes = (discountCodes != null && !discountCodes.isEmpty()) ? List.copyOf(discountCodes) : null;
	}

	/**
	 * A request without discount codes.
	 * @param billing billing address (country required)
	 * @param customer the customer
	 * @param productCart what is bought
	 * @param paymentMethodId a saved method to charge
	 * @param returnUrl where Dodo sends the customer afterwards
	 * @param metadata string metadata
	 * @param paymentLink whether Dodo should create a payment link
	 * @param billingCurrency the currency to bill in
	 */
	public OneTimePaymentRequest(BillingAddress billing, CustomerRef customer, List<CartItem> productCart,
			@Nullable String paymentMethodId, @Nullable String returnUrl, @Nullable Map<String, String> metadata,
			@Nullable Boolean paymentLink, @Nullable String billingCurrency) {
		this(billing, customer, productCart, paymentMethodId, returnUrl, metadata, paymentLink, billingCurrency, null);
	}

}
