package dev.upsell.offer;

/**
 * Application event for the host: a refund of an offer's payment was counted (once per Dodo refund, never past
 * the payment), also after the offer was purged. Delivered until a listener returns without an exception, so a
 * listener may be called again: make its work exactly-once by {@link #deliveryId()}.
 *
 * @param payment the payment after the refund ({@link SettledPayment#refundedAmount()} in total)
 * @param refundId Dodo's refund id
 * @param amount what this refund counted (minor units)
 */
public record OfferRefunded(SettledPayment payment, String refundId, long amount) {

	/** The stable id of this delivery: {@code <offer id>:refund:<refund id>}. */
	public String deliveryId() {
		return FulfilmentDelivery.idOf(this.payment.offerId(), FulfilmentDelivery.Kind.REFUNDED, this.refundId);
	}

}
