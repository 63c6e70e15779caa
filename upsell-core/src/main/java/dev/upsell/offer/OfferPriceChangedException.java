package dev.upsell.offer;

import dev.upsell.catalog.Money;

/**
 * Dodo would now charge another amount for the offer than the one shown (a localized price, a currency, a tax
 * or a discount changed): nothing was charged. The offer stays open; the customer accepts again confirming the
 * new figure ({@code confirmed_price}, or {@link OfferService#accept(String, String, Money)}).
 */
public class OfferPriceChangedException extends RuntimeException {

	private final transient Offer offer;

	private final Money price;

	/**
	 * Creates the exception.
	 * @param offer the offer, still presented, at the price it was shown at
	 * @param price what Dodo would charge now
	 */
	public OfferPriceChangedException(Offer offer, Money price) {
		super("The price of offer " + offer.id() + " changed from " + offer.price().amount() + " "
				+ offer.price().currency() + " to " + price.amount() + " " + price.currency()
				+ "; nothing was charged");
		this.offer = offer;
		this.price = price;
	}

	/** The offer, at the price it was shown at. */
	public Offer offer() {
		return this.offer;
	}

	/** What Dodo would charge now. */
	public Money price() {
		return this.price;
	}

}
