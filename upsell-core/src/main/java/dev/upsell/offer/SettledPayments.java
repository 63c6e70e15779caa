package dev.upsell.offer;

import java.time.Instant;
import java.util.Optional;

/**
 * The payments that converted offers, and their refunds by Dodo's {@code refund_id}: what makes refunds count
 * once each, never past the payment, and after the offer is purged. Implementations must make
 * {@link #refund} atomic across every instance sharing the store.
 */
public interface SettledPayments {

	/**
	 * Records a converted offer's payment; a payment recorded before is left as it is.
	 * @param payment the record
	 */
	void record(SettledPayment payment);

	/**
	 * Finds a payment's record.
	 * @param paymentId the Dodo payment
	 * @return the record, if the payment converted an offer within the retention
	 */
	Optional<SettledPayment> find(String paymentId);

	/**
	 * Records one Dodo refund of a recorded payment, once per {@code refundId}, counting at most what is left
	 * of the payment.
	 * @param refundId Dodo's refund id
	 * @param paymentId the refunded payment
	 * @param amount what Dodo says was refunded (minor units, at least 0)
	 * @param at when it is recorded
	 * @return what was counted
	 */
	RefundRecorded refund(String refundId, String paymentId, long amount, Instant at);

	/**
	 * Deletes the records of payments settled before a time, with their refunds.
	 * @param settledBefore upper bound of {@link SettledPayment#settledAt()}, exclusive
	 * @param limit most payments to delete in one call
	 * @return how many were deleted
	 */
	int purge(Instant settledBefore, int limit);

	/**
	 * What recording a refund did.
	 *
	 * @param outcome counted, known before, or no such payment
	 * @param counted what was counted now (0 unless {@link Outcome#COUNTED}; less than asked when the payment
	 * had less left)
	 * @param payment the payment's record after it, or {@code null} when unknown
	 */
	record RefundRecorded(Outcome outcome, long counted, @org.jspecify.annotations.Nullable SettledPayment payment) {

		/** The outcomes. */
		public enum Outcome {

			/** A new refund, counted (perhaps in part, perhaps 0 when nothing was left). */
			COUNTED,

			/** This {@code refund_id} was recorded before: nothing counted. */
			ALREADY_RECORDED,

			/** No converted offer has this payment. */
			UNKNOWN_PAYMENT

		}

	}

}
