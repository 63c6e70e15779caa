package dev.upsell.offer;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One thing the host must act on, recorded with the state change that caused it and delivered to the host's
 * listeners until one delivery goes through: an offer converted (fulfil it), failed, or was refunded. Its
 * {@link #id()} is stable, the offer id and the kind (and the refund), and is what the events carry as their
 * {@code deliveryId()}: a listener may be called again for one id, so it makes its work exactly-once by it.
 *
 * @param id offer id + {@code :converted}, {@code :failed} or {@code :refund:<refund id>}
 * @param kind what happened
 * @param offerId the offer
 * @param paymentId for a refund, the refunded payment
 * @param refundId for a refund, Dodo's refund id
 * @param amount for a refund, what it counted (minor units); else 0
 * @param attempts deliveries tried so far
 * @param createdAt when it was recorded
 * @param nextAttemptAt when it is next delivered (also the claim of the instance delivering it)
 * @param lastError the exception type of the last failed delivery (never its message: it may hold customer data)
 * @param gaveUp whether retries stopped ({@code dodo.upsell.fulfilment.max-attempts}): listed as stuck until handled
 */
public record FulfilmentDelivery(String id, Kind kind, String offerId, @Nullable String paymentId,
		@Nullable String refundId, long amount, int attempts, Instant createdAt, Instant nextAttemptAt,
		@Nullable String lastError, boolean gaveUp) {

	/** What a delivery tells the host. */
	public enum Kind {

		/** {@link OfferConverted}: the customer paid; fulfil the order. */
		CONVERTED,

		/** {@link OfferFailed}: the offer failed. */
		FAILED,

		/** {@link OfferRefunded}: a refund of the offer's payment was counted. */
		REFUNDED;

		/** The tag and id suffix. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The delivery of an offer that converted or failed, claimed by the writer until {@code claimedUntil}.
	 * @param offer the offer, {@link OfferStatus#CONVERTED} or {@link OfferStatus#FAILED}
	 * @param now when it is recorded
	 * @param claimedUntil until when the writer, delivering it at once, keeps other instances off
	 * @return the delivery
	 */
	public static FulfilmentDelivery of(Offer offer, Instant now, Instant claimedUntil) {
		Kind kind = (offer.status() == OfferStatus.CONVERTED) ? Kind.CONVERTED : Kind.FAILED;
		return new FulfilmentDelivery(idOf(offer.id(), kind, null), kind, offer.id(), offer.paymentId(), null, 0, 0, now,
				claimedUntil, null, false);
	}

	/**
	 * The delivery of a counted refund.
	 * @param payment the payment after the refund
	 * @param refundId Dodo's refund id
	 * @param counted what it counted
	 * @param now when it is recorded
	 * @param claimedUntil until when the writer keeps other instances off
	 * @return the delivery
	 */
	public static FulfilmentDelivery refunded(SettledPayment payment, String refundId, long counted, Instant now,
			Instant claimedUntil) {
		return new FulfilmentDelivery(idOf(payment.offerId(), Kind.REFUNDED, refundId), Kind.REFUNDED,
				payment.offerId(), payment.paymentId(), refundId, counted, 0, now, claimedUntil, null, false);
	}

	/**
	 * The stable id of a delivery.
	 * @param offerId the offer
	 * @param kind what happened
	 * @param refundId the refund, for {@link Kind#REFUNDED}
	 * @return the id
	 */
	public static String idOf(String offerId, Kind kind, @Nullable String refundId) {
		return offerId + ":" + ((kind == Kind.REFUNDED) ? "refund:" + refundId : kind.tag());
	}

	/**
	 * This delivery after a failed attempt.
	 * @param next when it is tried again
	 * @param error the exception type
	 * @param giveUp whether retries stop
	 * @return the delivery
	 */
	public FulfilmentDelivery failedAttempt(Instant next, String error, boolean giveUp) {
		return new FulfilmentDelivery(this.id, this.kind, this.offerId, this.paymentId, this.refundId, this.amount,
				this.attempts + 1, this.createdAt, next, error, giveUp);
	}

}
