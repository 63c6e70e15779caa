package dev.upsell.checkout;

import java.util.Map;

/**
 * What to charge in one click.
 *
 * @param customerId the Dodo customer
 * @param productId the product
 * @param quantity how many
 * @param currency the ISO 4217 currency of the product's price
 * @param metadata metadata for the payment (carries {@code offer_id}, so webhooks find the offer)
 * @param method how to charge
 */
public record OneClickCharge(String customerId, String productId, int quantity, String currency,
		Map<String, String> metadata, ChargeMethod method) {

	/** Copies the metadata. */
	public OneClickCharge {
		metadata = Map.copyOf(metadata);
	}

}
