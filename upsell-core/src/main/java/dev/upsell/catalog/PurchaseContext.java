package dev.upsell.catalog;

import java.util.List;
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

	/** The attribute holding the buyer's billing country ({@link #withBillingAddress(BillingAddress)}). */
	public static final String BILLING_COUNTRY = "billing_country";

	/** The attribute holding the order's total in minor units ({@link #withOrder(Money, List)}). */
	public static final String ORDER_TOTAL = "order_total";

	/** The attribute holding the order total's currency. */
	public static final String ORDER_CURRENCY = "order_currency";

	/** The attribute holding the order's product ids, comma-separated. */
	public static final String ORDER_PRODUCTS = "order_products";

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
		put(withAddress, BILLING_COUNTRY, address.country());
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
	 * This context with the order's total and products, which funnel step conditions
	 * ({@code order-total-min}, {@code order-total-max}, {@code order-contains}) test.
	 * @param total what the order cost
	 * @param productIds the products in it
	 * @return the context
	 */
	public PurchaseContext withOrder(Money total, List<String> productIds) {
		Map<String, String> withOrder = new java.util.LinkedHashMap<>(this.attributes);
		withOrder.put(ORDER_TOTAL, Long.toString(total.amount()));
		withOrder.put(ORDER_CURRENCY, total.currency());
		withOrder.put(ORDER_PRODUCTS, String.join(",", productIds));
		return new PurchaseContext(this.reference, withOrder);
	}

	/**
	 * This context with one more attribute of the host's (e.g. a {@code segment}), which funnel step conditions
	 * can test ({@code attributes}) and which is kept on each offer.
	 * @param name the attribute's name
	 * @param value its value
	 * @return the context
	 */
	public PurchaseContext with(String name, String value) {
		Map<String, String> with = new java.util.LinkedHashMap<>(this.attributes);
		with.put(name, value);
		return new PurchaseContext(this.reference, with);
	}

	/**
	 * The order total kept by {@link #withOrder(Money, List)}.
	 * @param attributes a purchase's or an offer's attributes
	 * @return minor units, or {@code null} when not known
	 */
	public static @Nullable Long orderTotalOf(Map<String, String> attributes) {
		String total = attributes.get(ORDER_TOTAL);
		try {
			return (total != null) ? Long.valueOf(total) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The billing address kept in offer attributes by {@link #withBillingAddress(BillingAddress)}.
	 * @param attributes an offer's attributes
	 * @return the address, if a country is there
	 */
	public static @Nullable BillingAddress billingAddressOf(Map<String, String> attributes) {
		String country = attributes.get(BILLING_COUNTRY);
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
