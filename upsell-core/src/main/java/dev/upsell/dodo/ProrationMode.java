package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How Dodo bills a plan change ({@code proration_billing_mode}). */
public enum ProrationMode {

	/** Charge the remaining part of the period at the new price, less the unused part of the old one. */
	@JsonProperty("prorated_immediately") PRORATED_IMMEDIATELY,
	/** Charge the full new price now and restart the billing cycle. */
	@JsonProperty("full_immediately") FULL_IMMEDIATELY,
	/** Charge the price difference now; a downgrade adds the difference as credit for future renewals. */
	@JsonProperty("difference_immediately") DIFFERENCE_IMMEDIATELY,
	/** Change the plan without charging. */
	@JsonProperty("do_not_bill") DO_NOT_BILL;

	/** The wire value, e.g. {@code difference_immediately}. */
	public String wireValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
