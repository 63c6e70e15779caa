package dev.upsell.checkout;

/** How an accepted offer charges the saved payment method. */
public enum ChargeMethod {

	/** A confirmed checkout session with {@code payment_method_id} (the default one-click path). */
	CHECKOUT_SESSION,

	/** A one-time payment ({@code POST /payments}) with {@code payment_method_id}. */
	ONE_TIME_PAYMENT;

	/** The form kept on an offer, as in configuration: {@code checkout-session}, {@code one-time-payment}. */
	public String wireValue() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/**
	 * The method of a {@link #wireValue()}.
	 * @param value the wire value
	 * @return the method
	 * @throws IllegalArgumentException for an unknown value
	 */
	public static ChargeMethod fromWireValue(String value) {
		return valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}

}
