package dev.upsell.offer;

/**
 * No such offer for this customer. Also thrown for another customer's offer, with the same message, so an
 * offer id reveals nothing to anyone else.
 */
public class OfferNotFoundException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param offerId the offer id asked for
	 */
	public OfferNotFoundException(String offerId) {
		super("No offer " + offerId);
	}

}
