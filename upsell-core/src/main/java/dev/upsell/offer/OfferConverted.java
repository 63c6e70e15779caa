package dev.upsell.offer;

/**
 * Application event: an offer converted (its payment succeeded, by one-click charge, fallback checkout or plan
 * change); fulfil the order here. Recorded with the conversion and delivered right after it, then again with
 * backoff (across restarts and instances, with the JDBC store) until a listener returns without an exception:
 * a listener may be called again for one offer, so make the fulfilment exactly-once by {@link #deliveryId()}.
 *
 * @param offer the converted offer; {@link Offer#paidAmount()} is what was taken
 */
public record OfferConverted(Offer offer) {

	/** The stable id of this delivery: {@code <offer id>:converted}. */
	public String deliveryId() {
		return FulfilmentDelivery.idOf(this.offer.id(), FulfilmentDelivery.Kind.CONVERTED, null);
	}

}
