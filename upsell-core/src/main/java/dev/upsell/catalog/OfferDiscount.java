package dev.upsell.catalog;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A Dodo discount an offer carries: a code made on the merchant's dashboard, or a share off for which each offer gets
 * its own single-use code (limited to the offered product, one redemption, expiring a day after the offer: a checkout
 * link made from it lives that long), so a code seen once cannot be shared. The discount's own limits (cycles, expiry, uses) are Dodo's: a code Dodo no longer accepts
 * leaves the offer at its full price, never charged at another figure than shown.
 *
 * @param code a dashboard code, or {@code null} to make one per offer
 * @param percentOff the share off, 1 to 100, for a code made per offer; {@code 0} with a dashboard code
 * @param cycles for a subscription product, how many billing cycles a code made per offer takes off; {@code null} for
 * every cycle
 */
public record OfferDiscount(@Nullable String code, int percentOff, @Nullable Integer cycles) {

	/**
	 * Checks that the discount names a code or a share, not both.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public OfferDiscount {
		if (code != null && code.isBlank()) {
			code = null;
		}
		if (code == null && (percentOff < 1 || percentOff > 100)) {
			throw new IllegalArgumentException("A discount needs a code, or percent-off from 1 to 100, not " + percentOff);
		}
		if (code != null && percentOff != 0) {
			throw new IllegalArgumentException("A discount has a code or percent-off, not both");
		}
		if (code != null && (code.length() < 3 || code.length() > 16)) {
			throw new IllegalArgumentException("A discount code has 3 to 16 characters");
		}
		if (cycles != null && cycles < 1) {
			throw new IllegalArgumentException("A discount's cycles are at least 1, not " + cycles);
		}
		code = (code != null) ? code.toUpperCase(Locale.ROOT) : null;
	}

	/**
	 * A dashboard code.
	 * @param code the code
	 * @return the discount
	 */
	public static OfferDiscount code(String code) {
		return new OfferDiscount(code, 0, null);
	}

	/**
	 * A share off, with a code made per offer.
	 * @param percentOff the share, 1 to 100
	 * @return the discount
	 */
	public static OfferDiscount percentOff(int percentOff) {
		return new OfferDiscount(null, percentOff, null);
	}

	/**
	 * The code made for one offer: derived from the offer's id, so a lost answer never makes two.
	 * @param offerId the offer
	 * @return a code of 16 characters
	 */
	public static String codeFor(String offerId) {
		String tail = offerId.replaceAll("[^A-Za-z0-9]", "");
		return ("UP" + tail.substring(Math.max(0, tail.length() - 14))).toUpperCase(Locale.ROOT);
	}

}
