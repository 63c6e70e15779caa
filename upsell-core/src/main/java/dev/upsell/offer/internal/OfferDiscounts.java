package dev.upsell.offer.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferDiscount;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.internal.LogText;

/**
 * The Dodo code an offer's discount is redeemed with: a dashboard code checked against Dodo's own limits, or one made
 * for the offer ({@code POST /discounts}: one redemption, the offered product only, expiring a day after the offer (a
 * checkout link made from it lives that long), named
 * after the offer so a lost answer never makes two). Moves no money.
 */
final class OfferDiscounts {

	private static final Log logger = LogFactory.getLog(OfferDiscounts.class);

	/** How long a Dodo checkout session lives (reference: Basics): a link made from an offer can be paid until then. */
	static final java.time.Duration CHECKOUT_LIFE = java.time.Duration.ofHours(24);

	private final DodoClient dodo;

	private final Supplier<Instant> clock;

	private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

	OfferDiscounts(DodoClient dodo, Supplier<Instant> clock) {
		this.dodo = dodo;
		this.clock = clock;
	}

	/**
	 * The code for one offer.
	 * @param offerId the offer
	 * @param discount the step's discount
	 * @param productId the product offered
	 * @param full the offer's price without the discount
	 * @param expiresAt when the offer expires
	 * @return the code and the price it gives without a preview; {@code null} when Dodo does not take the code or
	 * none could be made
	 */
	@Nullable Applied apply(String offerId, OfferDiscount discount, String productId, Money full, Instant expiresAt) {
		if (discount.code() != null) {
			return dashboardCode(discount.code(), productId, full);
		}
		String code = OfferDiscount.codeFor(offerId);
		// a checkout link made from the offer (a declined card's, an order bump's) lives a day: so does its code
		DiscountRequest request = DiscountRequest.forOffer(code, discount.percentOff(), discount.cycles(), productId,
				expiresAt.plus(CHECKOUT_LIFE), Map.of("offer_id", offerId));
		try {
			this.dodo.createDiscount(request);
		}
		catch (DodoApiException ex) {
			if (ex.status() != 409 && !(ex.isOutcomeUnknown() && exists(code))) {
				logger.warn("No discount code could be made for offer " + offerId + " (" + ex.getMessage()
						+ "); the offer is not shown");
				return null;
			}
		}
		return new Applied(code, off(full, discount.percentOff() * 100));
	}

	private @Nullable Applied dashboardCode(String code, String productId, Money full) {
		Discount found;
		try {
			found = this.dodo.getDiscountByCode(code);
		}
		catch (DodoApiException ex) {
			refused(code, "Dodo does not know it (" + ex.getMessage() + ")");
			return null;
		}
		List<String> products = found.restrictedTo();
		if (!found.redeemable(this.clock.get()) || (products != null && !products.isEmpty()
				&& !products.contains(productId))) {
			refused(code, "it has expired, is used up or is for other products");
			return null;
		}
		if (!"percentage".equals(found.type())) {
			refused(code, "only percentage codes are applied to offers (a flat code's currency is Dodo's)");
			return null;
		}
		return new Applied(found.code(), off(full, found.amount()));
	}

	private boolean exists(String code) {
		try {
			this.dodo.getDiscountByCode(code);
			return true;
		}
		catch (DodoApiException ex) {
			return false;
		}
	}

	private void refused(String code, String why) {
		if (this.refusalsLogged.add(code)) {
			logger.warn("Discount code " + LogText.id(code) + " is not applied to offers: " + why
					+ "; they show their full price");
		}
	}

	/** The price after a share off, the discount rounded down to the minor unit (a guess: Dodo's rounding is its own). */
	private static Money off(Money full, int basisPoints) {
		return new Money(full.amount() - full.amount() * basisPoints / 10_000, full.currency());
	}

	/**
	 * A code an offer carries.
	 *
	 * @param code the code
	 * @param localPrice the price after it, when Dodo's preview is not asked
	 */
	record Applied(String code, Money localPrice) {
	}

}
