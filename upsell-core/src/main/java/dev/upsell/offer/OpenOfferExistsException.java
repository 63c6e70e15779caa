package dev.upsell.offer;

/**
 * Thrown by {@link OfferRepository#insert(Offer)} when the customer already has an open offer (presented,
 * being charged or redirected) of the same rule: one open offer per customer and rule, also under concurrent
 * purchases and across instances, so two of them can never both be accepted and charged.
 */
public class OpenOfferExistsException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param offer the offer that was not stored
	 */
	public OpenOfferExistsException(Offer offer) {
		super("Customer already has an open offer of rule " + offer.ruleId());
	}

}
