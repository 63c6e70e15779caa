package dev.upsell.catalog;

import org.jspecify.annotations.Nullable;

import dev.upsell.checkout.ChargeMethod;

/**
 * Which offer follows which purchase.
 *
 * @param id stable id; used in metadata and as the {@code offer} metric tag
 * @param triggerProduct the product whose purchase triggers the offer
 * @param offerProduct the product offered
 * @param kind {@link OfferKind#UPSELL} or {@link OfferKind#CROSS_SELL}
 * @param quantity how many are offered
 * @param downsellProduct offered instead when the customer declines, if set
 * @param chargeWith how acceptance charges the saved method
 */
public record OfferRule(String id, String triggerProduct, String offerProduct, OfferKind kind, int quantity,
		@Nullable String downsellProduct, ChargeMethod chargeWith) {

	/** The id of the downsell rule derived from this one. */
	public String downsellRuleId() {
		return this.id + ".downsell";
	}

}
