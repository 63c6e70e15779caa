package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When a plan change takes effect ({@code effective_at}). */
public enum EffectiveAt {

	/** Now (Dodo's default). */
	@JsonProperty("immediately") IMMEDIATELY,
	/** At the next renewal; Dodo accepts it only with {@link ProrationMode#FULL_IMMEDIATELY}. */
	@JsonProperty("next_billing_date") NEXT_BILLING_DATE

}
