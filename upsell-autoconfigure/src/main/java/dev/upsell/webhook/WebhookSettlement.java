package dev.upsell.webhook;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.upsell.offer.OfferSettlement;
import dev.upsell.offer.OrphanPayments;

/**
 * Hands webhook events to {@link OfferSettlement}: a payment carrying {@code offer_id} metadata converts or fails its
 * offer, {@code subscription.plan_changed} converts the plan change offers it fulfils, a refund is recorded
 * against the offer whose payment it refunds. Idempotent, and never moves an
 * offer backwards, so duplicate and out-of-order events are harmless.
 */
public final class WebhookSettlement implements Consumer<DodoEvent> {

	private final OfferSettlement offers;

	private final @Nullable OrphanPayments orphans;

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
		this.offers = offers;
		this.orphans = orphans;
	}

	@Override
	public void accept(DodoEvent event) {
		if (event instanceof DodoEvent.PaymentSucceeded succeeded) {
			succeeded.offerId().ifPresent((offerId) -> {
				if (this.offers.paymentSucceeded(offerId, succeeded.payment()).isEmpty() && this.orphans != null) {
					this.orphans.report(succeeded.payment().paymentId(), offerId);
				}
			});
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
		else if (event instanceof DodoEvent.RefundSucceeded refund && refund.refund().amount() != null) {
			this.offers.refunded(refund.refund().paymentId(), refund.refund().amount());
		}
	}

}
