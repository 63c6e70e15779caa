package dev.upsell.offer.internal;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferPriceChangedException;
import dev.upsell.offer.OfferStatus;

/**
 * One-click acceptance. Never charges twice: accepting first wins the offer with a compare-and-set from
 * {@code PRESENTED} to {@code ACCEPTED}; only the winner sends the one charge, once. Every other accept (a
 * double click, another thread, another instance) waits, bounded, for the winner's outcome and gets it in an
 * {@link OfferAlreadySettledException}. A charge whose outcome is unknown (timeout, 5xx, unreadable answer)
 * stays accepted until a webhook or reconciliation settles it; a refused or declined one gets the normal
 * checkout link.
 */
public final class OfferAcceptance {

	private static final Log logger = LogFactory.getLog(OfferAcceptance.class);

	private final OfferTransitions transitions;

	private final OfferSettlement settlement;

	private final DodoClient dodo;

	private final PaymentMethodSelector selector;

	private final OneClickCheckout checkout;

	private final Duration wait;

	private final OfferPricing pricing;

	/**
	 * Creates the acceptance.
	 * @param transitions writes the offers
	 * @param settlement records what the charge's answer says
	 * @param dodo lists saved payment methods and reads the payment back
	 * @param selector picks the saved method to charge
	 * @param checkout charges it, or makes a fallback link
	 * @param wait how long a second accept waits for the first one's outcome
	 */
	public OfferAcceptance(OfferTransitions transitions, OfferSettlement settlement, DodoClient dodo,
			PaymentMethodSelector selector, OneClickCheckout checkout, Duration wait) {
		this(transitions, settlement, dodo, selector, checkout, wait, new OfferPricing(dodo, false));
	}

	/**
	 * Creates the acceptance.
	 * @param transitions writes the offers
	 * @param settlement records what the charge's answer says
	 * @param dodo lists saved payment methods and reads the payment back
	 * @param selector picks the saved method to charge
	 * @param checkout charges it, or makes a fallback link
	 * @param wait how long a second accept waits for the first one's outcome
	 * @param pricing checks an offer priced by Dodo's preview against the preview again before the charge
	 */
	public OfferAcceptance(OfferTransitions transitions, OfferSettlement settlement, DodoClient dodo,
			PaymentMethodSelector selector, OneClickCheckout checkout, Duration wait, OfferPricing pricing) {
		this.pricing = pricing;
		this.transitions = transitions;
		this.settlement = settlement;
		this.dodo = dodo;
		this.selector = selector;
		this.checkout = checkout;
		this.wait = wait;
	}

	/**
	 * Accepts a presented one-click offer (see {@code OfferService.accept}).
	 * @param offer the customer's offer, as read
	 * @return what happened
	 */
	public AcceptResult accept(Offer offer) {
		return accept(offer, null);
	}

	/**
	 * Accepts a presented one-click offer (see {@code OfferService.accept(customerId, offerId, confirmedPrice)}).
	 * @param offer the customer's offer, as read
	 * @param confirmedPrice the figure the customer confirmed after being told the price changed, if any
	 * @return what happened
	 * @throws OfferPriceChangedException when Dodo would now charge another figure than the one shown and the
	 * customer did not confirm exactly it: nothing is charged
	 */
	public AcceptResult accept(Offer offer, @Nullable Money confirmedPrice) {
		if (offer.isPlanChange()) {
			throw new IllegalArgumentException(
					"Offer " + offer.id() + " is a plan change: accept it through PlanChangeService");
		}
		if (offer.kind() == OfferKind.ORDER_BUMP) {
			// its price is the price beside the cart it was shown with: never bought alone on the saved card
			throw new IllegalArgumentException(
					"Offer " + offer.id() + " is an order bump: tick it in the checkout (OrderBumps.checkout)");
		}
		Offer open = requirePresented(offer);
		List<PaymentMethod> methods = this.dodo.listPaymentMethods(open.customerId());
		PaymentMethodSelector.Selection selection = this.selector.select(methods, open.price().currency(),
				YearMonth.from(this.transitions.now().atZone(ZoneOffset.UTC)));
		if (selection.method() == null) {
			return redirect(open, selection.ineligibility().name());
		}
		requireSamePrice(open, confirmedPrice);
		Offer accepted = this.transitions.attempt(open, OfferTransition.chargeSent())
			.orElseThrow(() -> alreadySettled(this.transitions.reload(open)));
		// Only the winner registers: concurrent losers in this JVM wait on it, others poll the repository.
		ChargesInFlight inFlight = this.settlement.inFlight();
		CompletableFuture<Offer> outcome = inFlight.begin(accepted.id());
		Offer known = accepted;
		try {
			AcceptResult result = charge(accepted, selection.method());
			known = result.offer();
			outcome.complete(known);
			return result;
		}
		catch (RuntimeException ex) {
			outcome.completeExceptionally(ex);
			throw ex;
		}
		finally {
			inFlight.end(accepted.id(), outcome);
			if (mayStillFail(known)) {
				// a payment.failed that landed while this call was ending left the link to it: make it now
				this.transitions.repository()
					.findById(accepted.id())
					.ifPresent(this.settlement.fallbacks()::redirectIfDeclined);
			}
		}
	}

	/**
	 * A presented offer that has not expired, else the error its state calls for.
	 * @param offer the offer as read
	 * @return the offer
	 * @throws OfferGoneException when it expired or was declined
	 * @throws OfferAlreadySettledException when it was accepted before
	 */
	public Offer requirePresented(Offer offer) {
		if (offer.status() != OfferStatus.PRESENTED) {
			throw alreadySettled(offer);
		}
		if (offer.isExpiredAt(this.transitions.now())) {
			throw new OfferGoneException(this.transitions.expire(offer));
		}
		return offer;
	}

	/**
	 * The error for an offer no longer presented, once its charge (if one runs) has an outcome.
	 * @param offer the offer as read
	 * @return the exception to throw
	 * @throws OfferGoneException when it was declined or expired
	 */
	public OfferAlreadySettledException alreadySettled(Offer offer) {
		Offer current = awaitOutcome(offer);
		if (current.status() == OfferStatus.DECLINED || current.status() == OfferStatus.EXPIRED) {
			throw new OfferGoneException(current);
		}
		if (current.status() == OfferStatus.PRESENTED) {
			throw new IllegalStateException("Offer " + current.id() + " is still presented");
		}
		return new OfferAlreadySettledException(AcceptResult.of(current));
	}

	/**
	 * For an offer shown at Dodo's preview: the preview again, before anything is written or charged. A moved
	 * figure is refused with the new one, unless the customer confirmed exactly it.
	 */
	private void requireSamePrice(Offer open, @Nullable Money confirmedPrice) {
		if (!open.details().pricePreviewed()) {
			return;
		}
		Money now = this.pricing.preview(this.settlement.fallbacks().chargeFor(open)).orElse(open.price());
		if (!OfferPricing.mayCharge(open.price(), now, confirmedPrice)) {
			logger.info("Offer " + open.id() + " not charged: Dodo's price moved from " + open.price() + " to " + now);
			throw new OfferPriceChangedException(open, now);
		}
	}

	/** The winner's path: one charge, then record what is known. */
	private AcceptResult charge(Offer accepted, PaymentMethod method) {
		OneClickCheckout.ChargeAttempt attempt;
		try {
			attempt = this.checkout.charge(this.settlement.fallbacks().chargeFor(accepted), method);
		}
		catch (DodoApiException ex) {
			return AcceptResult.of(unanswered(accepted, ex));
		}
		return AcceptResult.of(answered(accepted, attempt)).withCheckoutSdk(attempt.clientSecret(), attempt.publishableKey());
	}

	/** The charge call failed: an unknown outcome stays accepted, a refusal hands out the checkout link. */
	private Offer unanswered(Offer accepted, DodoApiException ex) {
		if (ex.isOutcomeUnknown()) {
			logger.warn("Charge for offer " + accepted.id() + " has an unknown outcome (" + ex.getMessage()
					+ "); not retrying, leaving it to webhook or reconciliation");
			return this.transitions.apply(accepted, OfferTransition.outcomeUnknown());
		}
		logger.info("Dodo refused the charge for offer " + accepted.id() + ": " + ex.getMessage());
		return this.settlement.fallbacks().fallback(accepted, (ex.code() != null) ? ex.code() : "CHARGE_REFUSED");
	}

	/** Dodo answered the charge: record the payment, then read it back once to say what happened. */
	private Offer answered(Offer accepted, OneClickCheckout.ChargeAttempt attempt) {
		FallbackCheckouts fallbacks = this.settlement.fallbacks();
		Offer recorded = this.transitions.apply(accepted,
				OfferTransition.chargeAnswered(attempt.paymentId(), attempt.checkoutSessionId()));
		if (recorded.status() == OfferStatus.FAILED && attempt.paymentId() != null
				&& attempt.paymentId().equals(recorded.paymentId())) {
			// The payment.failed webhook landed before Dodo's answer: the customer still gets the checkout link.
			return fallbacks.redirectIfDeclined(recorded);
		}
		if (recorded.status() != OfferStatus.ACCEPTED || attempt.paymentId() == null) {
			return recorded;
		}
		Payment payment;
		try {
			payment = this.dodo.getPayment(attempt.paymentId());
		}
		catch (DodoApiException ex) {
			Offer current = this.transitions.reload(recorded);
			return (current.status() == OfferStatus.FAILED) ? fallbacks.redirectIfDeclined(current) : recorded;
		}
		return switch (payment.status()) {
			case SUCCEEDED -> this.settlement.paymentSucceeded(recorded, payment);
			case FAILED, CANCELLED -> fallbacks.fallbackOnce(recorded,
					(payment.errorCode() != null) ? payment.errorCode() : "PAYMENT_FAILED");
			case REQUIRES_CUSTOMER_ACTION ->
				this.transitions.apply(recorded, OfferTransition.actionRequired(attempt.actionUrl()));
			default -> recorded;
		};
	}

	/**
	 * Whether a failure of the charge may still land and need its checkout link: not once the offer converted or has
	 * a link (neither ever fails again), so the accept that ends settled reads nothing more.
	 */
	private static boolean mayStillFail(Offer known) {
		return !(known.status() == OfferStatus.CONVERTED || known.status() == OfferStatus.REDIRECTED
				|| known.status() == OfferStatus.EXPIRED || (known.status() == OfferStatus.FAILED
						&& known.checkoutUrl() != null));
	}

	/** Hands out a normal checkout link instead; the offer may still convert when the customer pays there. */
	private AcceptResult redirect(Offer presented, String reason) {
		CheckoutSession session = this.checkout.fallback(this.settlement.fallbacks().chargeFor(presented));
		Offer written = this.transitions.attempt(presented, OfferTransition.redirected(session, reason))
			.orElseThrow(() -> alreadySettled(this.transitions.reload(presented)));
		logger.info("Offer " + presented.id() + " redirected to checkout: " + reason);
		return AcceptResult.of(written);
	}

	/** Waits, bounded, while another click, thread or instance is still charging this offer. */
	private Offer awaitOutcome(Offer offer) {
		if (!offer.isCharging()) {
			return offer;
		}
		if (this.settlement.inFlight().awaitLocal(offer.id(), this.wait)) {
			return this.transitions.reload(offer);
		}
		long deadline = System.nanoTime() + this.wait.toNanos();
		Offer current = offer;
		long pause = 10;
		while (current.isCharging() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			pause = Math.min(pause * 2, 200);
			current = this.transitions.reload(current);
		}
		return current;
	}

}
