package dev.upsell.offer;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One offer made to one customer. Immutable: every change is a new version, written with
 * {@link OfferRepository#compareAndSet(Offer, Offer)}.
 *
 * @param id unguessable id ({@code off_} + 128 random bits)
 * @param customerId the Dodo customer it was made to; only they can see or act on it
 * @param ruleId the rule that made it
 * @param kind what it sells
 * @param productId the product offered
 * @param quantity how many
 * @param price the price, from Dodo's product
 * @param status where it is in its life
 * @param version incremented by every change (optimistic concurrency)
 * @param createdAt when it was presented
 * @param expiresAt when it expires unless acted on
 * @param updatedAt when it last changed
 * @param triggerProductId the product whose purchase triggered it
 * @param triggerReference the host's order or payment id of that purchase
 * @param parentOfferId for a downsell, the declined offer it replaces
 * @param paymentId the Dodo payment, once there is one
 * @param checkoutSessionId the Dodo checkout session, once there is one
 * @param checkoutUrl the fallback checkout link, when redirected
 * @param failureReason why it failed or was redirected (e.g. {@code CARD_DECLINED}, {@code NO_ELIGIBLE_PAYMENT_METHOD})
 * @param paidAmount what the payment actually took, once converted (minor units)
 * @param refundedAmount refunded so far (minor units)
 * @param context the host's context attributes from {@code present(...)}
 */
public record Offer(String id, String customerId, String ruleId, OfferKind kind, String productId, int quantity,
		Money price, OfferStatus status, long version, Instant createdAt, Instant expiresAt, Instant updatedAt,
		@Nullable String triggerProductId, @Nullable String triggerReference, @Nullable String parentOfferId,
		@Nullable String paymentId, @Nullable String checkoutSessionId, @Nullable String checkoutUrl,
		@Nullable String failureReason, long paidAmount, long refundedAmount, Map<String, String> context) {

	/** Copies the context. */
	public Offer {
		context = Map.copyOf(context);
	}

	/**
	 * Whether a presented offer has run out at {@code now}.
	 * @param now the time
	 * @return whether it is past its expiry and still only presented
	 */
	public boolean isExpiredAt(Instant now) {
		return this.status == OfferStatus.PRESENTED && !now.isBefore(this.expiresAt);
	}

	/**
	 * The next version in another status.
	 * @param next the new status
	 * @param now the time of the change
	 * @return the new version
	 * @throws IllegalStateException when the lifecycle does not allow the move
	 */
	public Offer moveTo(OfferStatus next, Instant now) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("Offer " + this.id + " cannot move from " + this.status + " to " + next);
		}
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				next, this.version + 1, this.createdAt, this.expiresAt, now, this.triggerProductId,
				this.triggerReference, this.parentOfferId, this.paymentId, this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount, this.context);
	}

	/**
	 * The next version, same status, with the payment recorded.
	 * @param paymentId the Dodo payment (kept if {@code null})
	 * @param checkoutSessionId the Dodo checkout session (kept if {@code null})
	 * @param now the time of the change
	 * @return the new version
	 */
	public Offer withPayment(@Nullable String paymentId, @Nullable String checkoutSessionId, Instant now) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.version + 1, this.createdAt, this.expiresAt, now, this.triggerProductId,
				this.triggerReference, this.parentOfferId, (paymentId != null) ? paymentId : this.paymentId,
				(checkoutSessionId != null) ? checkoutSessionId : this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount, this.context);
	}

	/** The context attribute set on an offer whose price is before tax that Dodo adds at charge time. */
	public static final String TAX_EXCLUSIVE = "price_tax_exclusive";

	/** Whether Dodo adds tax to {@link #price()} when charging (a tax-exclusive product price). */
	public boolean taxExclusive() {
		return "true".equals(this.context.get(TAX_EXCLUSIVE));
	}

	/**
	 * The key that at most one open offer holds: this customer and rule while the offer is open, {@code null}
	 * once it is settled. Stores enforce it unique.
	 * @return the key, or {@code null}
	 */
	public @Nullable String openSlot() {
		return this.status.isOpen() ? this.customerId.length() + ":" + this.customerId + "/" + this.ruleId : null;
	}

	/**
	 * Drops the authentication link and reason an offer carried while its payment waited for the customer
	 * ({@link AcceptResult#ACTION_REQUIRED}), once the payment settled; any other offer is returned as it is.
	 * @return the offer without them
	 */
	public Offer withoutPendingAction() {
		if (!AcceptResult.ACTION_REQUIRED.equals(this.failureReason)) {
			return this;
		}
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.version, this.createdAt, this.expiresAt, this.updatedAt, this.triggerProductId,
				this.triggerReference, this.parentOfferId, this.paymentId, this.checkoutSessionId, null, null,
				this.paidAmount, this.refundedAmount, this.context);
	}

	/**
	 * Sets the outcome details on a version already made by {@link #moveTo}; does not bump the version again.
	 * @param checkoutUrl the fallback link, if any (kept if {@code null})
	 * @param failureReason why, if it failed or was redirected (kept if {@code null})
	 * @param paidAmount what was paid (kept if 0)
	 * @return the same version with the details
	 */
	public Offer withOutcome(@Nullable String checkoutUrl, @Nullable String failureReason, long paidAmount) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.version, this.createdAt, this.expiresAt, this.updatedAt, this.triggerProductId,
				this.triggerReference, this.parentOfferId, this.paymentId, this.checkoutSessionId,
				(checkoutUrl != null) ? checkoutUrl : this.checkoutUrl,
				(failureReason != null) ? failureReason : this.failureReason,
				(paidAmount != 0) ? paidAmount : this.paidAmount, this.refundedAmount, this.context);
	}

	/**
	 * The next version with a refund added.
	 * @param amount refunded minor units
	 * @param now the time of the change
	 * @return the new version
	 */
	public Offer withRefund(long amount, Instant now) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.version + 1, this.createdAt, this.expiresAt, now, this.triggerProductId,
				this.triggerReference, this.parentOfferId, this.paymentId, this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount + amount, this.context);
	}

}
