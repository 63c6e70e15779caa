package dev.upsell.checkout;

/** How an accepted offer charges the saved payment method. */
public enum ChargeMethod {

	/** A confirmed checkout session with {@code payment_method_id} (the default one-click path). */
	CHECKOUT_SESSION,

	/** A one-time payment ({@code POST /payments}) with {@code payment_method_id}. */
	ONE_TIME_PAYMENT

}
