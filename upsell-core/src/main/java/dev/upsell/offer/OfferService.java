package dev.upsell.offer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.offer.internal.FunnelNavigator;
import dev.upsell.offer.internal.OfferAcceptance;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransition;
import dev.upsell.offer.internal.OfferTransitions;

/**
 * Presents, lists, accepts and declines a customer's offers: the bean hosts inject. Every method takes the
 * customer first, then the offer, and a call whose ids look swapped fails at once.
 * <p>
 * Never charges twice: see {@link OfferAcceptance}. Settlement by webhooks and reconciliation is
 * {@link OfferSettlement}'s, expiry and purging {@link OfferHousekeeping}'s, plan change offers
 * {@code PlanOffers}'.
 */
public class OfferService {

	private static final Log logger = LogFactory.getLog(OfferService.class);

	private static final String OFFER_ID_PREFIX = "off_";

	private final FunnelNavigator funnels;

	private final OfferTransitions transitions;

	private final OfferAcceptance acceptance;

	/**
	 * Creates the service.
	 * @param funnels which offer follows which purchase, and which follows an accepted or declined offer
	 * @param transitions reads and writes offers
	 * @param acceptance accepts them in one click
	 */
	public OfferService(FunnelNavigator funnels, OfferTransitions transitions, OfferAcceptance acceptance) {
		this.funnels = funnels;
		this.transitions = transitions;
		this.acceptance = acceptance;
	}

	/**
	 * Presents the offers that follow a purchase: the first step of each funnel (and rule) it starts, except
	 * when the customer already has an open offer for that product, declined it within the suppression window,
	 * owns it, or the step's conditions or the host's targeting leave them out.
	 * @param customerId the Dodo customer who bought
	 * @param purchasedProductId what they bought
	 * @param context the purchase's reference and attributes
	 * @return the offers presented now; empty when none applies
	 * @throws DodoApiException when a product's price cannot be read from Dodo
	 */
	public List<Offer> present(String customerId, String purchasedProductId, PurchaseContext context) {
		requireText(customerId, "customerId");
		requireText(purchasedProductId, "purchasedProductId");
		return this.funnels.start(customerId, purchasedProductId, context);
	}

	/**
	 * A customer's open offers (presented and not expired, being charged, or redirected), newest first.
	 * @param customerId the customer
	 * @return the offers
	 */
	public List<Offer> offersFor(String customerId) {
		List<Offer> open = new ArrayList<>();
		for (Offer offer : this.transitions.repository().findByCustomer(customerId)) {
			if (offer.isExpiredAt(this.transitions.now())) {
				this.transitions.expire(offer);
			}
			else if (offer.status().isOpen()) {
				open.add(offer);
			}
		}
		return open;
	}

	/**
	 * One of the customer's offers, in any status.
	 * @param customerId the customer asking
	 * @param offerId the offer
	 * @return the offer, if it exists and is theirs
	 * @throws IllegalArgumentException when the ids look swapped
	 */
	public Optional<Offer> find(String customerId, String offerId) {
		requireOrder(customerId, offerId);
		return this.transitions.repository().findById(offerId).filter((offer) -> offer.customerId().equals(customerId));
	}

	/**
	 * Accepts an offer in one click: charges the customer's first eligible saved payment method, or hands out a
	 * normal checkout link when none qualifies or Dodo refuses the charge (a refused charge is never retried).
	 * @param customerId the customer accepting; must own the offer
	 * @param offerId the offer
	 * @return what happened: charged, pending, action required, or redirect
	 * @throws OfferNotFoundException for a missing offer or another customer's (HTTP 404)
	 * @throws OfferGoneException when the offer expired or was declined (HTTP 410)
	 * @throws OfferAlreadySettledException when it was accepted before; carries that result (HTTP 409)
	 * @throws DodoApiException when Dodo could not be asked for the saved methods (nothing was charged and the
	 * offer is still open)
	 */
	public AcceptResult accept(String customerId, String offerId) {
		return accept(customerId, offerId, null);
	}

	/**
	 * Accepts an offer, confirming the figure the customer was told after its price changed
	 * ({@link OfferPriceChangedException#price()}). An offer shown at Dodo's checkout preview is checked against
	 * the preview again before the charge: the charge goes ahead at the pinned price, or at the confirmed one
	 * when that is exactly what Dodo's preview says now; otherwise nothing is charged.
	 * @param customerId the customer accepting; must own the offer
	 * @param offerId the offer
	 * @param confirmedPrice the new figure the customer confirmed, or {@code null}
	 * @return what happened
	 * @throws OfferPriceChangedException when Dodo would charge another figure than shown (and not the confirmed one)
	 */
	public AcceptResult accept(String customerId, String offerId, @Nullable Money confirmedPrice) {
		AcceptResult result = this.acceptance.accept(load(customerId, offerId), confirmedPrice);
		if (result.outcome() != AcceptResult.Outcome.FAILED) {
			nextStep(result.offer(), true);
		}
		return result;
	}

	/**
	 * Declines an offer and presents the step its funnel shows on decline (a rule's downsell), if any.
	 * Declining twice returns the first result.
	 * @param customerId the customer declining; must own the offer
	 * @param offerId the offer
	 * @return the declined offer and the downsell, if any
	 * @throws OfferNotFoundException for a missing offer or another customer's (HTTP 404)
	 * @throws OfferGoneException when the offer expired (HTTP 410)
	 * @throws OfferAlreadySettledException when it was accepted (HTTP 409)
	 */
	public DeclineResult decline(String customerId, String offerId) {
		Offer offer = load(customerId, offerId);
		for (int i = 0; i < 20; i++) {
			switch (offer.status()) {
				case PRESENTED -> {
					Offer open = this.acceptance.requirePresented(offer);
					Optional<Offer> declined = this.transitions.attempt(open, OfferTransition.declined());
					if (declined.isPresent()) {
						logger.info("Offer " + offer.id() + " declined by customer " + customerId);
						return new DeclineResult(declined.get(), nextStep(declined.get(), false));
					}
					offer = this.transitions.reload(offer);
				}
				case DECLINED -> {
					Offer declined = offer;
					Offer downsell = this.transitions.repository()
						.findByCustomer(customerId)
						.stream()
						.filter((candidate) -> declined.id().equals(candidate.parentOfferId()))
						.findFirst()
						.orElse(null);
					return new DeclineResult(offer, downsell);
				}
				case EXPIRED -> throw new OfferGoneException(offer);
				default -> throw this.acceptance.alreadySettled(offer);
			}
		}
		throw new IllegalStateException("Offer " + offerId + " keeps changing; try again");
	}

	/**
	 * Shows the funnel's next step. The accept or decline is done whatever happens here: a failure to show the
	 * next offer (Dodo cannot be asked its price) is logged, never thrown at a customer whose card was charged.
	 */
	private @Nullable Offer nextStep(Offer settled, boolean accepted) {
		try {
			return this.funnels.next(settled, accepted).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("The funnel step after offer " + settled.id() + " could not be shown: " + ex.getMessage());
			return null;
		}
	}

	private Offer load(String customerId, String offerId) {
		return find(customerId, offerId).orElseThrow(() -> new OfferNotFoundException(offerId));
	}

	/** Offer ids are ours ({@code off_…}): one passed where the customer goes means the ids are swapped. */
	private static void requireOrder(String customerId, String offerId) {
		requireText(customerId, "customerId");
		requireText(offerId, "offerId");
		if (customerId.startsWith(OFFER_ID_PREFIX) && !offerId.startsWith(OFFER_ID_PREFIX)) {
			throw new IllegalArgumentException(
					"An offer id was passed as the customer id: the order is (customerId, offerId)");
		}
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
