package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A payment's status. Statuses Dodo adds later read as {@link #UNKNOWN}.
 */
public enum PaymentStatus {

	/** Money moved. */
	@JsonProperty("succeeded") SUCCEEDED,
	/** The charge was refused (see the payment's error code). */
	@JsonProperty("failed") FAILED,
	/** Cancelled before completion. */
	@JsonProperty("cancelled") CANCELLED,
	/** In flight. */
	@JsonProperty("processing") PROCESSING,
	/** The customer must act (e.g. 3-D Secure). */
	@JsonProperty("requires_customer_action") REQUIRES_CUSTOMER_ACTION,
	/** The merchant must act. */
	@JsonProperty("requires_merchant_action") REQUIRES_MERCHANT_ACTION,
	/** A payment method is needed. */
	@JsonProperty("requires_payment_method") REQUIRES_PAYMENT_METHOD,
	/** Confirmation is needed. */
	@JsonProperty("requires_confirmation") REQUIRES_CONFIRMATION,
	/** Authorised, not captured. */
	@JsonProperty("requires_capture") REQUIRES_CAPTURE,
	/** Partly captured. */
	@JsonProperty("partially_captured") PARTIALLY_CAPTURED,
	/** Partly captured, more capturable. */
	@JsonProperty("partially_captured_and_capturable") PARTIALLY_CAPTURED_AND_CAPTURABLE,
	/** A status this version does not know. */
	@JsonEnumDefaultValue UNKNOWN;

	/** Whether the payment reached a final state ({@code succeeded}, {@code failed} or {@code cancelled}). */
	public boolean isFinal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
