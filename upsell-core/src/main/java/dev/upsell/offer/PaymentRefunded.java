package dev.upsell.offer;

/**
 * Application event: a Dodo refund of an offer's payment was counted, once per {@code refund_id}, also after the
 * offer was purged. {@code counted} is never more than what was left of the payment, so net revenue of an offer
 * never goes below zero.
 *
 * @param payment the payment's record after the refund ({@link SettledPayment#refundedAmount()} in total)
 * @param refundId Dodo's refund id
 * @param counted what this refund counted (minor units, more than 0)
 */
public record PaymentRefunded(SettledPayment payment, String refundId, long counted) {

	/** Whether this is the payment's first refund (the offer's {@code refunded} stage). */
	public boolean first() {
		return this.payment.refundedAmount() == this.counted;
	}

}
