package dev.upsell.offer;

/**
 * The host's own answer to "does this customer already own this product?" (bought in the shop, granted by
 * support, part of a bundle). With {@code dodo.upsell.offers.skip-owned} on (the default), an offer is not
 * presented for a product the customer bought through an earlier offer, nor for one this bean says they own.
 * Declare a bean to add it; by default nobody owns anything beyond what offers sold.
 */
@FunctionalInterface
public interface OwnedProducts {

	/**
	 * Whether the customer owns the product already.
	 * @param customerId the Dodo customer
	 * @param productId the product an offer would sell
	 * @return whether to skip the offer
	 */
	boolean owns(String customerId, String productId);

	/** Owns nothing: only offers the customer converted count. */
	static OwnedProducts none() {
		return (customerId, productId) -> false;
	}

}
