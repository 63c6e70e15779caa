package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What Dodo does with a plan change whose charge fails ({@code on_payment_failure}). */
public enum OnPaymentFailure {

	/** Keep the old plan. */
	@JsonProperty("prevent_change") PREVENT_CHANGE,
	/** Change anyway; the charge is retried by dunning. */
	@JsonProperty("apply_change") APPLY_CHANGE

}
