package dev.upsell.offer;

/** Told of each orphan payment once (see {@link OrphanPayments}). */
@FunctionalInterface
public interface OrphanPaymentListener {

	/**
	 * A payment whose {@code offer_id} the offer store does not know.
	 * @param paymentId the Dodo payment
	 */
	void onOrphan(String paymentId);

}
