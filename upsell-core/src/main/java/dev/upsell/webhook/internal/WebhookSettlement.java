package dev.upsell.webhook.internal;

import java.util.Optional;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.Dispute;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransition;
import dev.upsell.webhook.DodoEvent;

/**
 * Hands webhook events to {@link OfferSettlement}: a payment carrying {@code offer_id} metadata converts or fails its
 * offer, {@code subscription.plan_changed} converts the plan change offers it fulfils, a refund is recorded
 * against the offer whose payment it refunds. Idempotent, and never moves an
 * offer backwards, so duplicate and out-of-order events are harmless. A refund counts once per {@code refund_id}
 * (one without an amount is read from the payment), a replay of a payment settled before (even of a purged
 * offer) is recognised, and a succeeded payment nothing accounts for (no such offer, or a second payment for
 * one) is reported as an orphan.
 */
public final class WebhookSettlement implements Consumer<DodoEvent> {

	private final OfferSettlement offers;

	private static final Log logger = LogFactory.getLog(WebhookSettlement.class);

	private final @Nullable OrphanPayments orphans;

	private final @Nullable DodoClient dodo;

	/**
	 * Creates the handler.
	 * @param offers the offer settlement
	 */
	public WebhookSettlement(OfferSettlement offers) {
		this(offers, null);
	}

	/**
	 * Creates the handler, reporting successful payments for offers the store does not know.
	 * @param offers the offer settlement
	 * @param orphans where orphan payments are reported, or {@code null}
	 */
	public WebhookSettlement(OfferSettlement offers, @Nullable OrphanPayments orphans) {
		this(offers, orphans, null);
	}

	/**
	 * Creates the handler, reporting orphan payments and reading the amount of a refund that came without one.
	 * @param offers the offer settlement
	 * @param orphans where orphan payments are reported, or {@code null}
	 * @param dodo reads a payment's refunds when a {@code refund.succeeded} has no amount, or {@code null}
	 */
	public WebhookSettlement(OfferSettlement offers, @Nullable OrphanPayments orphans, @Nullable DodoClient dodo) {
		this.offers = offers;
		this.orphans = orphans;
		this.dodo = dodo;
	}

	@Override
	public void accept(DodoEvent event) {
		if (event instanceof DodoEvent.PaymentSucceeded succeeded) {
			succeeded.offerId().ifPresent((offerId) -> paymentSucceeded(offerId, succeeded.payment()));
		}
		else if (event instanceof DodoEvent.PaymentFailed failed) {
			failed.offerId().ifPresent((offerId) -> this.offers.paymentFailed(offerId, failed.payment()));
		}
		else if (event instanceof DodoEvent.PaymentCancelled cancelled) {
			cancelled.offerId().ifPresent((offerId) -> this.offers.paymentFailed(offerId, cancelled.payment()));
		}
		else if (event instanceof DodoEvent.SubscriptionPlanChanged changed
				&& changed.subscription().customer() != null) {
			this.offers.planChanged(changed.subscription().subscriptionId(), changed.subscription().productId(),
					changed.subscription().customer().customerId());
		}
		else if (event instanceof DodoEvent.RefundSucceeded refund) {
			refunded(refund.refund());
		}
		else if (event instanceof DodoEvent.DisputeEvent disputed) {
			disputeLost(disputed.dispute());
		}
	}

	/**
	 * A lost or accepted dispute takes the money back as a refund does: recorded once per dispute id, under it,
	 * with the disputed amount (never more than the payment's, as for refunds); an unreadable amount counts the
	 * whole payment, as a chargeback takes the whole charge unless Dodo says otherwise.
	 */
	private void disputeLost(Dispute dispute) {
		long amount = dispute.amountInMinorUnits().orElse(Long.MAX_VALUE);
		logger.info("Dispute " + LogText.id(dispute.disputeId()) + " on payment " + LogText.id(dispute.paymentId())
				+ " went against the business; recording it as a refund");
		this.offers.refunded(dispute.disputeId(), dispute.paymentId(), amount);
	}

	private void paymentSucceeded(String offerId, Payment payment) {
		Optional<Offer> offer = this.offers.paymentSucceeded(offerId, payment);
		if (offer.isPresent()) {
			Offer settled = offer.get();
			if (settled.status() == OfferStatus.CONVERTED && OfferTransition.isSecondPayment(settled, payment)
					&& this.orphans != null) {
				// a second payment for one offer: money taken that nothing else accounts for
				this.orphans.report(payment.paymentId(), offerId);
			}
			return;
		}
		if (this.offers.isSettled(payment.paymentId())) {
			// a replay (Dodo's dashboard can replay any message) of a sale made and settled before: nothing to do
			logger.info("Payment " + LogText.id(payment.paymentId()) + " settled offer " + LogText.id(offerId)
					+ " before; this delivery is a replay");
			return;
		}
		if (this.orphans != null) {
			this.orphans.report(payment.paymentId(), offerId);
		}
	}

	/** Counts a refund once per refund id; one without an amount is read from the payment's refunds. */
	private void refunded(Refund refund) {
		Long amount = refund.amount();
		if (amount == null) {
			if (this.dodo == null) {
				throw new IllegalStateException("Refund " + LogText.id(refund.refundId())
						+ " has no amount and no Dodo client is set to read it; Dodo will redeliver");
			}
			amount = this.dodo.getPayment(refund.paymentId())
				.refunds()
				.stream()
				.filter((item) -> refund.refundId().equals(item.refundId()) && item.amount() != null)
				.map(Payment.RefundItem::amount)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Refund " + LogText.id(refund.refundId())
						+ " has no amount, and its payment does not list it yet; Dodo will redeliver"));
		}
		this.offers.refunded(refund.refundId(), refund.paymentId(), amount);
	}

}
