package dev.upsell.offer.internal;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferKind;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;

/**
 * The offer's state machine: every change an offer can go through, named, with the state it may start from, in
 * this one class. Acceptance, settlement, fallbacks, housekeeping and plan changes ask for a transition by name and
 * hand it to {@link OfferTransitions#apply}, which decides it again on the offer as stored after every lost race:
 * a transition that no longer applies (the offer moved on meanwhile) writes nothing.
 *
 * <pre>
 * PRESENTED ──chargeSent──────────► ACCEPTED·CHARGING ──chargeAnswered──► ACCEPTED·PAYMENT_PROCESSING
 *     │                                   │ └──outcomeUnknown──► ACCEPTED·OUTCOME_UNKNOWN         │
 *     ├──planChangeSent──► ACCEPTED·PLAN_CHANGE_SENT ──planChangePaymentSent──► (same, or ACTION_REQUIRED)
 *     ├──redirected (no card) ─► REDIRECTED               actionRequired ◄──────────────────────────┘
 *     ├──declined ─► DECLINED                                   ACCEPTED·ACTION_REQUIRED
 *     └──expired ──► EXPIRED ◄──expired── REDIRECTED
 * ACCEPTED ──paid──► CONVERTED  ──refundCounted──► CONVERTED (refunded total grows)
 * ACCEPTED ──paymentFailed | unresolved | planChangeRefused | noFallback──► FAILED
 * ACCEPTED | FAILED ──fallback──► REDIRECTED (the normal checkout link)
 * REDIRECTED | FAILED | DECLINED | EXPIRED ──paid──► CONVERTED (the customer paid after all)
 * ACCEPTED·PLAN_CHANGE_SENT ──planChanged──► CONVERTED
 * </pre>
 *
 * {@link OfferStatus#canMoveTo} is the law every transition obeys; this class says which move each event makes.
 */
public final class OfferTransition {

	private static final Log logger = LogFactory.getLog(OfferTransition.class);

	private final String name;

	private final Decision decision;

	private OfferTransition(String name, Decision decision) {
		this.name = name;
		this.decision = decision;
	}

	/** The transition's name, e.g. {@code chargeSent}, as logs and errors say it. */
	public String name() {
		return this.name;
	}

	/**
	 * The offer this transition writes, decided on the offer as it stands.
	 * @param current the offer as stored
	 * @param now the time of the change
	 * @return the changed offer, or {@code null} when the transition does not apply to it (nothing is written)
	 */
	public @Nullable Offer next(Offer current, Instant now) {
		return this.decision.next(current, now);
	}

	@Override
	public String toString() {
		return this.name;
	}

	/** The winning accept claims a presented offer before its one charge is sent. */
	public static OfferTransition chargeSent() {
		return new OfferTransition("chargeSent", (offer, now) -> (offer.status() == OfferStatus.PRESENTED)
				? offer.moveTo(OfferStatus.ACCEPTED, now) : null);
	}

	/**
	 * Dodo answered the charge: its payment is recorded; without a payment id the outcome stays unknown.
	 * @param paymentId the payment Dodo created, if its answer named one
	 * @param checkoutSessionId the session it was created through, if any
	 */
	public static OfferTransition chargeAnswered(@Nullable String paymentId, @Nullable String checkoutSessionId) {
		return new OfferTransition("chargeAnswered", (offer, now) -> offer.isCharging()
				? offer.withPayment(paymentId, checkoutSessionId, now)
					.atStep((paymentId != null) ? AcceptedStep.PAYMENT_PROCESSING : AcceptedStep.OUTCOME_UNKNOWN, now)
				: null);
	}

	/** The charge call ended without an answer that can be read: never sent again, left to webhooks. */
	public static OfferTransition outcomeUnknown() {
		return new OfferTransition("outcomeUnknown",
				(offer, now) -> offer.isCharging() ? offer.atStep(AcceptedStep.OUTCOME_UNKNOWN, now) : null);
	}

	/**
	 * The bank asks the customer to authenticate the charge (3-D Secure).
	 * @param actionUrl where the customer does it
	 */
	public static OfferTransition actionRequired(@Nullable String actionUrl) {
		return new OfferTransition("actionRequired", (offer, now) -> (offer.step() == AcceptedStep.PAYMENT_PROCESSING)
				? offer.atStep(AcceptedStep.ACTION_REQUIRED, now).withOutcome(actionUrl, null, 0) : null);
	}

	/**
	 * A payment for the offer succeeded: it converts, from any state that may (the customer paid), once. A second
	 * payment for a converted offer is logged as a double charge to refund and changes nothing.
	 * @param payment the succeeded payment
	 */
	public static OfferTransition paid(Payment payment) {
		return new OfferTransition("paid", (offer, now) -> {
			if (offer.status() == OfferStatus.CONVERTED) {
				if (isSecondPayment(offer, payment)) {
					logger.error("Offer " + offer.id() + " was paid twice: " + LogText.id(offer.paymentId()) + " and "
							+ LogText.id(payment.paymentId()) + "; refund one");
				}
				return null;
			}
			if (!offer.status().canMoveTo(OfferStatus.CONVERTED)) {
				logger.warn("Payment " + LogText.id(payment.paymentId()) + " succeeded for offer " + offer.id()
						+ " in status " + offer.status() + "; left as it is");
				return null;
			}
			if (!offer.status().isOpen()) {
				logger.warn("Payment " + LogText.id(payment.paymentId()) + " succeeded for offer " + offer.id()
						+ " after it ended " + offer.status() + ": the customer paid, so it converts; fulfil it");
			}
			if (offer.kind() == OfferKind.ORDER_BUMP) {
				// the checkout's payment pays the host's lines too: the bump's part is its own line, as shown
				return offer.withPayment(payment.paymentId(), payment.checkoutSessionId(), now)
					.moveTo(OfferStatus.CONVERTED, now)
					.withOutcome(null, null, offer.price().amount())
					.paidIn(offer.price().currency());
			}
			return offer.withPayment(payment.paymentId(), payment.checkoutSessionId(), now)
				.moveTo(OfferStatus.CONVERTED, now)
				.withOutcome(null, null, payment.totalAmount())
				.paidIn(payment.currency());
		});
	}

	/**
	 * Whether a succeeded payment naming a converted offer is a second charge for it. A later payment of a
	 * subscription (a renewal, a plan change) is not: Dodo copies the subscription's metadata, and with it the
	 * {@code offer_id} of the offer that sold the subscription, onto payments sent without their own.
	 * @param offer the converted offer
	 * @param payment the payment naming it
	 * @return whether the customer paid twice for the offer
	 */
	public static boolean isSecondPayment(Offer offer, Payment payment) {
		return offer.paymentId() != null && !offer.paymentId().equals(payment.paymentId())
				&& payment.subscriptionId() == null;
	}

	/**
	 * The offer's payment failed. Only an offer still accepted, and only by its own payment, fails: late or
	 * out-of-order events never move an offer backwards.
	 * @param payment the failed payment
	 * @param reason Dodo's code, or the payment's status
	 */
	public static OfferTransition paymentFailed(Payment payment, String reason) {
		return new OfferTransition("paymentFailed", (offer, now) -> {
			boolean samePayment = offer.paymentId() == null || offer.paymentId().equals(payment.paymentId());
			return (offer.status() == OfferStatus.ACCEPTED && samePayment)
					? offer.withPayment(payment.paymentId(), payment.checkoutSessionId(), now)
						.moveTo(OfferStatus.FAILED, now)
						.withOutcome(null, reason, 0)
					: null;
		});
	}

	/**
	 * An accepted offer whose outcome never came (reconciliation gave up): it fails; a payment that succeeds later
	 * still converts it.
	 * @param reason why, e.g. {@code NO_PAYMENT_FOUND}
	 */
	public static OfferTransition unresolved(String reason) {
		return failing("unresolved", reason);
	}

	/**
	 * Dodo refused a plan change offer's change.
	 * @param reason Dodo's code
	 */
	public static OfferTransition planChangeRefused(String reason) {
		return failing("planChangeRefused", reason);
	}

	/**
	 * A one-click offer that cannot be charged gets the normal checkout link instead, from an accepted offer
	 * (the charge was refused or declined) or a failed one (the decline's webhook came first).
	 * @param session the fallback checkout session
	 * @param reason why the one-click charge did not go through
	 */
	public static OfferTransition fallback(CheckoutSession session, String reason) {
		return new OfferTransition("fallback", (offer, now) -> offer.status().canMoveTo(OfferStatus.REDIRECTED)
				? offer.moveTo(OfferStatus.REDIRECTED, now).withOutcome(session.checkoutUrl(), reason, 0) : null);
	}

	/**
	 * A one-click offer that cannot be charged and for which no checkout link could be made: it fails.
	 * @param reason why the charge did not go through
	 */
	public static OfferTransition noFallback(String reason) {
		return new OfferTransition("noFallback", (offer, now) -> offer.status().canMoveTo(OfferStatus.FAILED)
				? offer.moveTo(OfferStatus.FAILED, now).withOutcome(null, reason, 0) : null);
	}

	/**
	 * A presented offer no saved card can pay goes straight to the normal checkout link.
	 * @param session the checkout session
	 * @param reason why no saved card applies
	 */
	public static OfferTransition redirected(CheckoutSession session, String reason) {
		return new OfferTransition("redirected", (offer, now) -> (offer.status() == OfferStatus.PRESENTED)
				? offer.moveTo(OfferStatus.REDIRECTED, now)
					.withPayment(null, session.sessionId(), now)
					.withOutcome(session.checkoutUrl(), reason, 0)
				: null);
	}

	/** The customer declined a presented offer. */
	public static OfferTransition declined() {
		return new OfferTransition("declined", (offer, now) -> (offer.status() == OfferStatus.PRESENTED)
				? offer.moveTo(OfferStatus.DECLINED, now) : null);
	}

	/** A presented offer past its expiry, or a redirected one whose link ran out, expires. */
	public static OfferTransition expired() {
		return new OfferTransition("expired", (offer, now) -> ((offer.status() == OfferStatus.PRESENTED
				&& offer.isExpiredAt(now)) || offer.status() == OfferStatus.REDIRECTED)
						? offer.moveTo(OfferStatus.EXPIRED, now) : null);
	}

	/**
	 * A refund was counted against a converted offer's payment: the offer carries the payment's refunded total.
	 * @param refundedTotal what the payment has had refunded, in minor units
	 */
	public static OfferTransition refundCounted(long refundedTotal) {
		return new OfferTransition("refundCounted", (offer, now) -> (offer.status() == OfferStatus.CONVERTED
				&& offer.refundedAmount() < refundedTotal) ? offer.withRefund(refundedTotal - offer.refundedAmount(), now)
						: null);
	}

	/** A presented plan change offer is claimed before its change is sent, once per offer. */
	public static OfferTransition planChangeSent() {
		return new OfferTransition("planChangeSent", (offer, now) -> (offer.status() == OfferStatus.PRESENTED)
				? offer.moveTo(OfferStatus.ACCEPTED, now).atStep(AcceptedStep.PLAN_CHANGE_SENT, now) : null);
	}

	/**
	 * The plan change made a payment; one the customer must complete waits at {@link AcceptedStep#ACTION_REQUIRED}.
	 * @param paymentId the change's payment
	 * @param paymentLink where the customer pays, if Dodo gave a link
	 * @param customerMustAct whether the payment waits for the customer
	 */
	public static OfferTransition planChangePaymentSent(String paymentId, @Nullable String paymentLink,
			boolean customerMustAct) {
		return new OfferTransition("planChangePaymentSent", (offer, now) -> {
			if (offer.status() != OfferStatus.ACCEPTED || paymentId.equals(offer.paymentId())) {
				return null;
			}
			Offer paid = offer.withPayment(paymentId, null, now);
			return customerMustAct ? paid.atStep(AcceptedStep.ACTION_REQUIRED, now).withOutcome(paymentLink, null, 0)
					: paid;
		});
	}

	/** The subscription is on the offer's plan now: the accepted plan change offer converts. */
	public static OfferTransition planChanged() {
		return new OfferTransition("planChanged", (offer, now) -> (offer.status() == OfferStatus.ACCEPTED)
				? offer.moveTo(OfferStatus.CONVERTED, now) : null);
	}

	private static OfferTransition failing(String name, String reason) {
		return new OfferTransition(name, (offer, now) -> (offer.status() == OfferStatus.ACCEPTED)
				? offer.moveTo(OfferStatus.FAILED, now).withOutcome(null, reason, 0) : null);
	}

	/** How a transition decides. */
	@FunctionalInterface
	private interface Decision {

		@Nullable Offer next(Offer current, Instant now);

	}

}
