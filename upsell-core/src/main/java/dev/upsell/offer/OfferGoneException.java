package dev.upsell.offer;

/** The offer expired or was declined: it can no longer be accepted. */
public class OfferGoneException extends RuntimeException {

	private final transient Offer offer;

	/**
	 * Creates the exception.
	 * @param offer the offer, {@link OfferStatus#EXPIRED} or {@link OfferStatus#DECLINED}
	 */
	public OfferGoneException(Offer offer) {
		super("Offer " + offer.id() + ((offer.status() == OfferStatus.DECLINED) ? " was declined" : " has expired"));
		this.offer = offer;
	}

	/** The offer. */
	public Offer offer() {
		return this.offer;
	}

}
