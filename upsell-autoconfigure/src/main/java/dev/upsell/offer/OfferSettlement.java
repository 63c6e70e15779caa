package dev.upsell.offer;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.dodo.Payment;

/**
 * Settles offers from what Dodo reports, whether a webhook brought it or reconciliation asked: payments that
 * succeeded or failed, refunds, plan changes applied or refused. Idempotent, and never moves an offer
 * backwards, so duplicate, late and out-of-order reports are harmless. A declined one-click charge gets its
 * normal checkout link once, whoever records the decline. Thread-safe.
 */
public final class OfferSettlement {

	private static final Log logger = LogFactory.getLog(OfferSettlement.class);

	private final OfferTransitions transitions;

	private final FallbackCheckouts fallbacks;

	private final ChargesInFlight inFlight = new ChargesInFlight();

	/**
	 * Creates the settlement.
	 * @param transitions writes the offers
	 * @param checkout makes fallback checkout links
	 * @param rules the rules, for the charge method of a link
	 * @param acceptWait how long to wait for another thread making the same link
	 */
	public OfferSettlement(OfferTransitions transitions, OneClickCheckout checkout, OfferRules rules,
			Duration acceptWait) {
		this.transitions = transitions;
		this.fallbacks = new FallbackCheckouts(transitions, checkout, rules, acceptWait);
	}

	FallbackCheckouts fallbacks() {
		return this.fallbacks;
	}

	ChargesInFlight inFlight() {
		return this.inFlight;
	}

	/**
	 * Records that an offer's payment succeeded: the offer converts, whatever open state it was in. A second,
	 * different payment for a converted offer is logged as an error (it means the customer paid twice).
	 * @param offerId the offer, from the payment's {@code offer_id} metadata
	 * @param payment the payment
	 * @return the offer as it now stands, if it exists (and is the payment's customer's)
	 */
	public Optional<Offer> paymentSucceeded(String offerId, Payment payment) {
		return find(offerId, payment).map((existing) -> this.transitions.update(existing, (offer) -> {
			if (offer.status() == OfferStatus.CONVERTED) {
				if (offer.paymentId() != null && !offer.paymentId().equals(payment.paymentId())) {
					logger.error("Offer " + offer.id() + " was paid twice: " + offer.paymentId() + " and "
							+ payment.paymentId() + "; refund one");
				}
				return null;
			}
			if (!offer.status().canMoveTo(OfferStatus.CONVERTED)) {
				logger.warn("Payment " + payment.paymentId() + " succeeded for offer " + offer.id() + " in status "
						+ offer.status() + "; left as it is");
				return null;
			}
			return offer.withPayment(payment.paymentId(), payment.checkoutSessionId(), this.transitions.now())
				.moveTo(OfferStatus.CONVERTED, this.transitions.now())
				.withOutcome(null, null, payment.totalAmount());
		}));
	}

	/**
	 * Records that an offer's payment failed. Only an offer still being charged fails; a converted or
	 * redirected offer is left as it is (late or out-of-order events never move an offer backwards). A declined
	 * one-click offer then gets its checkout link, unless this JVM's accept call is still running: it makes it.
	 * @param offerId the offer, from the payment's {@code offer_id} metadata
	 * @param payment the payment
	 * @return the offer as it now stands, if it exists (and is the payment's customer's)
	 */
	public Optional<Offer> paymentFailed(String offerId, Payment payment) {
		return find(offerId, payment).map((existing) -> this.transitions.update(existing, (offer) -> {
			boolean samePayment = offer.paymentId() == null || offer.paymentId().equals(payment.paymentId());
			if (offer.status() != OfferStatus.ACCEPTED || !samePayment) {
				return null;
			}
			return offer.withPayment(payment.paymentId(), payment.checkoutSessionId(), this.transitions.now())
				.moveTo(OfferStatus.FAILED, this.transitions.now())
				.withOutcome(null, (payment.errorCode() != null) ? payment.errorCode() : "PAYMENT_FAILED", 0);
		})).map((failed) -> this.inFlight.isRunning(failed.id()) ? failed : this.fallbacks.redirectIfDeclined(failed));
	}

	/**
	 * Records a refund against the offer whose payment it refunds.
	 * @param paymentId the refunded payment
	 * @param amount refunded minor units
	 * @return the offer, if a converted offer has this payment
	 */
	public Optional<Offer> refunded(String paymentId, long amount) {
		return this.transitions.repository()
			.findByPaymentId(paymentId)
			.map((existing) -> this.transitions.update(existing, (offer) -> (offer.status() == OfferStatus.CONVERTED)
					? offer.withRefund(amount, this.transitions.now()) : null));
	}

	/**
	 * Fails an accepted offer for which no payment could be found (reconciliation gave up). A payment that
	 * turns up later still converts it.
	 * @param offerId the offer
	 * @return the offer as it now stands, if it exists
	 */
	public Optional<Offer> unresolved(String offerId) {
		return this.transitions.repository()
			.findById(offerId)
			.map((existing) -> this.transitions.update(existing, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.moveTo(OfferStatus.FAILED, this.transitions.now()).withOutcome(null, "NO_PAYMENT_FOUND", 0)
					: null));
	}

	/**
	 * Converts the accepted plan change offers that a subscription now on {@code productId} fulfils
	 * ({@code subscription.plan_changed}, or a reconciliation read).
	 * @param subscriptionId the subscription
	 * @param productId its plan now
	 * @param customerId its customer
	 * @return how many offers converted
	 */
	public int planChanged(String subscriptionId, String productId, String customerId) {
		int converted = 0;
		for (Offer offer : this.transitions.repository().findByCustomer(customerId)) {
			boolean fulfils = offer.isPlanChange() && offer.status() == OfferStatus.ACCEPTED
					&& subscriptionId.equals(offer.context().get(Offer.SUBSCRIPTION_ID))
					&& offer.productId().equals(productId);
			if (fulfils && this.transitions.update(offer, (current) -> (current.status() == OfferStatus.ACCEPTED)
					? current.moveTo(OfferStatus.CONVERTED, this.transitions.now()) : null)
				.status() == OfferStatus.CONVERTED) {
				converted++;
			}
		}
		return converted;
	}

	/**
	 * Fails a plan change offer whose change Dodo refused.
	 * @param offerId the offer
	 * @param reason Dodo's code
	 */
	public void planChangeRefused(String offerId, String reason) {
		this.transitions.repository()
			.findById(offerId)
			.ifPresent((existing) -> this.transitions.update(existing, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.moveTo(OfferStatus.FAILED, this.transitions.now()).withOutcome(null, reason, 0) : null));
	}

	private Optional<Offer> find(String offerId, Payment payment) {
		return this.transitions.repository().findById(offerId).filter((offer) -> {
			if (payment.customer() == null || payment.customer().customerId().equals(offer.customerId())) {
				return true;
			}
			logger.warn("Payment " + payment.paymentId() + " names offer " + offer.id()
					+ " of another customer; ignored");
			return false;
		});
	}

}
