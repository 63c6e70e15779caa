package dev.upsell.offer.internal;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.dodo.CheckoutPreview;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.OfferPriceChangedException;

/**
 * The price Dodo would charge for an offer, from Dodo's own checkout preview ({@code POST /checkouts/preview}):
 * localized prices, purchasing power parity, adaptive currency, discounts and tax, for this customer and billing
 * address. An offer is shown at this figure and pinned to it: accepting previews again and refuses a charge whose
 * figure moved ({@link OfferPriceChangedException}) rather than charge another amount silently.
 */
public final class OfferPricing {

	private final DodoClient dodo;

	private final boolean enabled;

	/**
	 * Creates the pricing.
	 * @param dodo the Dodo client
	 * @param enabled whether offers are priced by Dodo's preview ({@code offers.price-preview}); off, they show the
	 * product's list price, as Dodo's product has it
	 */
	public OfferPricing(DodoClient dodo, boolean enabled) {
		this.dodo = dodo;
		this.enabled = enabled;
	}

	/**
	 * What Dodo would charge now for this charge, all included, in the currency Dodo would charge.
	 * @param charge the charge (cart, customer, billing address)
	 * @return the figure; empty when previews are off or the charge has no billing address to preview for
	 * @throws DodoApiException when Dodo cannot preview it
	 */
	public Optional<Money> preview(OneClickCharge charge) {
		if (!this.enabled || charge.billingAddress() == null) {
			return Optional.empty();
		}
		CheckoutPreview preview = this.dodo.previewCheckout(new CheckoutSessionRequest(charge.cart(),
				CustomerRef.existing(charge.customerId()), null, null, null, null, null, null, charge.billingAddress(),
				null, null, charge.discountCodes()));
		return Optional.of(new Money(preview.currentBreakup().totalAmount(), preview.currency()));
	}

	/**
	 * Whether offers are priced by Dodo's preview.
	 * @return whether previews are on
	 */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * The figure an accept may go ahead at: the offer's pinned price while the preview still says it, or the new
	 * figure when the customer confirmed exactly it.
	 * @param pinned the offer's price
	 * @param now the preview's figure now
	 * @param confirmed what the customer confirmed, if anything
	 * @return whether the charge may be sent
	 */
	static boolean mayCharge(Money pinned, Money now, @Nullable Money confirmed) {
		return now.equals(pinned) || now.equals(confirmed);
	}

}
