package dev.upsell.offer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.catalog.OfferRules;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.PaymentRefunded;
import dev.upsell.offer.SettledPayment;
import dev.upsell.offer.SettledPayments;

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

	public FallbackCheckouts fallbacks() {
		return this.fallbacks;
	}

	public ChargesInFlight inFlight() {
		return this.inFlight;
	}

	/**
	 * Records that an offer's payment succeeded: the offer converts, whatever state it was in, even a final one
	 * (a fallback link paid after the offer expired): Dodo took the money, so the customer gets what they paid
	 * for, and {@link OfferConverted} tells the host to fulfil it. A second, different payment for a converted
	 * offer is logged as an error (the customer paid twice) and returned unchanged for the caller to report.
	 * @param offerId the offer, from the payment's {@code offer_id} metadata
	 * @param payment the payment
	 * @return the offer as it now stands, if it exists (and is the payment's customer's)
	 */
	public Optional<Offer> paymentSucceeded(String offerId, Payment payment) {
		return find(offerId, payment).map((existing) -> succeeded(existing, payment));
	}

	/**
	 * Records that the payment of an offer this thread just wrote succeeded, starting from that offer instead of
	 * reading it again: the compare-and-set still re-reads and decides again if anything changed it meanwhile.
	 * @param known the offer as this thread last wrote it
	 * @param payment its payment, read back from Dodo
	 * @return the offer as it now stands
	 */
	public Offer paymentSucceeded(Offer known, Payment payment) {
		return ofItsCustomer(known, payment) ? succeeded(known, payment) : known;
	}

	private Offer succeeded(Offer existing, Payment payment) {
		return this.transitions.apply(existing, OfferTransition.paid(payment));
	}

	/**
	 * Whether a payment converted an offer within the payment retention, even one purged since: a replayed
	 * {@code payment.succeeded} of it is a sale already made, not an orphan.
	 * @param paymentId the Dodo payment
	 * @return whether it is known
	 */
	public boolean isSettled(String paymentId) {
		return this.transitions.payments().find(paymentId).isPresent();
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
		return find(offerId, payment).map((existing) -> this.transitions.apply(existing,
				OfferTransition.paymentFailed(payment, reason(payment))))
			.map((failed) -> this.inFlight.isRunning(failed.id()) ? failed : this.fallbacks.redirectIfDeclined(failed));
	}

	/**
	 * Counts a Dodo refund against the payment it refunds, once per {@code refundId} (a refund delivered again
	 * under another webhook id, or replayed days later, counts nothing), and never past what the payment took. The
	 * offer, while it is kept, carries the payment's refunded total; {@link PaymentRefunded} is published for
	 * what was counted, also after the offer is purged.
	 * @param refundId Dodo's refund id
	 * @param paymentId the refunded payment
	 * @param amount refunded minor units
	 * @return the payment's record after the refund, if a converted offer had this payment
	 */
	public Optional<SettledPayment> refunded(String refundId, String paymentId, long amount) {
		SettledPayments payments = this.transitions.payments();
		Instant now = this.transitions.now();
		SettledPayments.RefundRecorded recorded = payments.refund(refundId, paymentId, amount, now);
		if (recorded.outcome() == SettledPayments.RefundRecorded.Outcome.UNKNOWN_PAYMENT) {
			// converted before payments were recorded: record it from its offer, then count
			Optional<Offer> converted = this.transitions.repository()
				.findByPaymentId(paymentId)
				.filter((offer) -> offer.status() == OfferStatus.CONVERTED);
			if (converted.isEmpty()) {
				return Optional.empty();
			}
			payments.record(SettledPayment.of(converted.get(), converted.get().updatedAt()));
			recorded = payments.refund(refundId, paymentId, amount, now);
		}
		SettledPayment payment = recorded.payment();
		if (payment == null || recorded.outcome() != SettledPayments.RefundRecorded.Outcome.COUNTED) {
			return Optional.ofNullable(payment);
		}
		if (recorded.counted() < amount) {
			logger.warn("Refund " + LogText.id(refundId) + " of payment " + LogText.id(paymentId) + " says " + amount
					+ " but only " + recorded.counted() + " of the payment was left to refund; counted that");
		}
		if (recorded.counted() > 0) {
			this.transitions.repository()
				.findByPaymentId(paymentId)
				.ifPresent((existing) -> this.transitions.apply(existing,
						OfferTransition.refundCounted(payment.refundedAmount())));
			this.transitions.refunded(new PaymentRefunded(payment, refundId, recorded.counted()));
		}
		return Optional.of(payment);
	}

	/**
	 * Fails an accepted offer for which no payment could be found (reconciliation gave up). A payment that
	 * turns up later still converts it.
	 * @param offerId the offer
	 * @return the offer as it stands now, if it exists
	 */
	public Optional<Offer> unresolved(String offerId) {
		return unresolved(offerId, "NO_PAYMENT_FOUND");
	}

	/**
	 * Fails an accepted offer whose outcome did not come within reconciliation's horizon. A payment that
	 * succeeds later still converts it.
	 * @param offerId the offer
	 * @param reason why: {@code NO_PAYMENT_FOUND}, or the open payment's status ({@code PAYMENT_REQUIRES_CUSTOMER_ACTION})
	 * @return the offer as it stands now, if it exists
	 */
	public Optional<Offer> unresolved(String offerId, String reason) {
		return this.transitions.repository()
			.findById(offerId)
			.map((existing) -> this.transitions.apply(existing, OfferTransition.unresolved(reason)));
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
			if (fulfils && this.transitions.apply(offer, OfferTransition.planChanged()).status() == OfferStatus.CONVERTED) {
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
			.ifPresent((existing) -> this.transitions.apply(existing, OfferTransition.planChangeRefused(reason)));
	}

	/** Why a payment did not go through: Dodo's error code (as a code, on one line), else its status. */
	private static String reason(Payment payment) {
		if (payment.errorCode() != null && payment.errorCode().matches("[A-Za-z0-9_.-]{1,64}")) {
			return payment.errorCode();
		}
		return (payment.status() == dev.upsell.dodo.PaymentStatus.CANCELLED) ? "PAYMENT_CANCELLED" : "PAYMENT_FAILED";
	}

	private Optional<Offer> find(String offerId, Payment payment) {
		return this.transitions.repository().findById(offerId).filter((offer) -> ofItsCustomer(offer, payment));
	}

	private static boolean ofItsCustomer(Offer offer, Payment payment) {
		if (payment.customer() == null || payment.customer().customerId().equals(offer.customerId())) {
			return true;
		}
		logger.warn("Payment " + LogText.id(payment.paymentId()) + " names offer " + offer.id()
				+ " of another customer; ignored");
		return false;
	}

}
