package dev.upsell.offer;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.BillingAddress;

/**
 * The purchase that triggers offers.
 *
 * @param reference the host's order id or Dodo payment id of the purchase, sent as {@code trigger_reference}
 * metadata with the charge
 * @param attributes free attributes kept on the offer
 */
public record PurchaseContext(@Nullable String reference, Map<String, String> attributes) {

	/** The attribute naming the purchase's Dodo payment ({@link #withDodoPayment(String)}). */
	public static final String DODO_PAYMENT_ID = "dodo_payment_id";

	/** Copies the attributes. */
	public PurchaseContext {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * A context with just a reference.
	 * @param reference the order or payment id
	 * @return the context
	 */
	public static PurchaseContext of(@Nullable String reference) {
		return new PurchaseContext(reference, Map.of());
	}

	/**
	 * This context with the buyer's billing address (e.g. the {@code billing} of the purchase's Dodo payment),
	 * kept on each offer as the attributes {@code billing_country}, {@code billing_state}, {@code billing_city},
	 * {@code billing_street} and {@code billing_zipcode}. Dodo requires a full billing address on a confirmed
	 * checkout session; an offer without one is charged as a one-time payment, which needs only the country.
	 * @param address the address
	 * @return the context
	 */
	public PurchaseContext withBillingAddress(BillingAddress address) {
		Map<String, String> withAddress = new java.util.LinkedHashMap<>(this.attributes);
		put(withAddress, "billing_country", address.country());
		put(withAddress, "billing_state", address.state());
		put(withAddress, "billing_city", address.city());
		put(withAddress, "billing_street", address.street());
		put(withAddress, "billing_zipcode", address.zipcode());
		return new PurchaseContext(this.reference, withAddress);
	}

	/**
	 * This context naming the purchase's Dodo payment: when no billing address is given, offers read that
	 * payment's {@code billing} once, when they are presented, and keep it as with
	 * {@link #withBillingAddress(BillingAddress)}.
	 * @param paymentId the Dodo payment of the purchase
	 * @return the context
	 */
	public PurchaseContext withDodoPayment(String paymentId) {
		Map<String, String> withPayment = new java.util.LinkedHashMap<>(this.attributes);
		withPayment.put(DODO_PAYMENT_ID, paymentId);
		return new PurchaseContext(this.reference, withPayment);
	}

	/**
	 * The billing address kept in offer attributes by {@link #withBillingAddress(BillingAddress)}.
	 * @param attributes an offer's attributes
	 * @return the address, if a country is there
	 */
	public static @Nullable BillingAddress billingAddressOf(Map<String, String> attributes) {
		String country = attributes.get("billing_country");
		return (country != null) ? new BillingAddress(country, attributes.get("billing_city"),
				attributes.get("billing_state"), attributes.get("billing_street"), attributes.get("billing_zipcode"))
				: null;
	}

	private static void put(Map<String, String> attributes, String key, @Nullable String value) {
		if (value != null) {
			attributes.put(key, value);
		}
	}

}
