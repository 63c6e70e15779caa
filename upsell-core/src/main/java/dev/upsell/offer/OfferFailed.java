package dev.upsell.offer;

/**
 * Application event: an offer failed: its charge or plan change was refused and no checkout link could be
 * made, or no payment was ever found. Recorded with the failure and delivered until a listener returns without an
 * exception (a listener may be called again: use {@link #deliveryId()}). An offer handed a checkout link instead
 * ({@link OfferStatus#REDIRECTED}) has not failed.
 *
 * @param offer the failed offer; {@link Offer#failureReason()} says why
 */
public record OfferFailed(Offer offer) {

	/** The stable id of this delivery: {@code <offer id>:failed}. */
	public String deliveryId() {
		return FulfilmentDelivery.idOf(this.offer.id(), FulfilmentDelivery.Kind.FAILED, null);
	}

}
