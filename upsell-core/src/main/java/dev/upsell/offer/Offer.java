package dev.upsell.offer;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;

/**
 * One offer made to one customer. Immutable: every change is a new value, written with
 * {@link OfferRepository#compareAndSet(Offer, Offer)}, which also sets its version. The withers below never
 * touch the version.
 *
 * @param id unguessable id ({@code off_} + 128 random bits)
 * @param customerId the Dodo customer it was made to; only they can see or act on it
 * @param ruleId the rule or funnel that made it
 * @param kind what it sells
 * @param productId the product offered
 * @param quantity how many
 * @param price the price, from Dodo's product
 * @param status where it is in its life
 * @param step while {@link OfferStatus#ACCEPTED accepted}: where the charge or plan change stands; else {@code null}
 * @param version incremented by the repository with every change written (optimistic concurrency)
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
 * @param context the host's context attributes from {@code present(...)} (a plan offer's {@link #SUBSCRIPTION_ID})
 * @param paidCurrency the currency the payment was made in, once converted, when Dodo charged another than the
 * offer's price (adaptive currency); {@code null} when it is the price's
 * @param details what the library decided making it: funnel step, experiment, variant, display text, charge method,
 * how it was priced
 */
public record Offer(String id, String customerId, String ruleId, OfferKind kind, String productId, int quantity,
		Money price, OfferStatus status, @Nullable AcceptedStep step, long version, Instant createdAt,
		Instant expiresAt, Instant updatedAt, @Nullable String triggerProductId, @Nullable String triggerReference,
		@Nullable String parentOfferId, @Nullable String paymentId, @Nullable String checkoutSessionId,
		@Nullable String checkoutUrl, @Nullable String failureReason, long paidAmount, long refundedAmount,
		Map<String, String> context, @Nullable String paidCurrency, OfferDetails details) {

	/**
	 * An offer whose details are read from its context, where offers kept them before they were typed.
	 * @param id the id
	 * @param customerId the customer
	 * @param ruleId the rule
	 * @param kind the kind
	 * @param productId the product
	 * @param quantity how many
	 * @param price the price shown
	 * @param status the status
	 * @param step the accepted step
	 * @param version the version
	 * @param createdAt when presented
	 * @param expiresAt when it expires
	 * @param updatedAt when it last changed
	 * @param triggerProductId the trigger product
	 * @param triggerReference the trigger reference
	 * @param parentOfferId the parent offer
	 * @param paymentId the payment
	 * @param checkoutSessionId the checkout session
	 * @param checkoutUrl the checkout link
	 * @param failureReason the failure reason
	 * @param paidAmount what was paid
	 * @param refundedAmount what was refunded
	 * @param context the purchase's attributes, and the offer's details under {@link OfferDetails#STORED_KEYS}
	 * @param paidCurrency the currency paid in, when not the price's
	 */
	public Offer(String id, String customerId, String ruleId, OfferKind kind, String productId, int quantity,
			Money price, OfferStatus status, @Nullable AcceptedStep step, long version, Instant createdAt,
			Instant expiresAt, Instant updatedAt, @Nullable String triggerProductId, @Nullable String triggerReference,
			@Nullable String parentOfferId, @Nullable String paymentId, @Nullable String checkoutSessionId,
			@Nullable String checkoutUrl, @Nullable String failureReason, long paidAmount, long refundedAmount,
			Map<String, String> context, @Nullable String paidCurrency) {
		this(id, customerId, ruleId, kind, productId, quantity, price, status, step, version, createdAt, expiresAt,
				updatedAt, triggerProductId, triggerReference, parentOfferId, paymentId, checkoutSessionId, checkoutUrl,
				failureReason, paidAmount, refundedAmount, context, paidCurrency, OfferDetails.NONE);
	}

	/**
	 * An offer paid, if at all, in its price's currency.
	 * @param id the id
	 * @param customerId the customer
	 * @param ruleId the rule
	 * @param kind the kind
	 * @param productId the product
	 * @param quantity how many
	 * @param price the price shown
	 * @param status the status
	 * @param step the accepted step
	 * @param version the version
	 * @param createdAt when presented
	 * @param expiresAt when it expires
	 * @param updatedAt when it last changed
	 * @param triggerProductId the trigger product
	 * @param triggerReference the trigger reference
	 * @param parentOfferId the parent offer
	 * @param paymentId the payment
	 * @param checkoutSessionId the checkout session
	 * @param checkoutUrl the checkout link
	 * @param failureReason the failure reason
	 * @param paidAmount what was paid
	 * @param refundedAmount what was refunded
	 * @param context the context
	 */
	public Offer(String id, String customerId, String ruleId, OfferKind kind, String productId, int quantity,
			Money price, OfferStatus status, @Nullable AcceptedStep step, long version, Instant createdAt,
			Instant expiresAt, Instant updatedAt, @Nullable String triggerProductId, @Nullable String triggerReference,
			@Nullable String parentOfferId, @Nullable String paymentId, @Nullable String checkoutSessionId,
			@Nullable String checkoutUrl, @Nullable String failureReason, long paidAmount, long refundedAmount,
			Map<String, String> context) {
		this(id, customerId, ruleId, kind, productId, quantity, price, status, step, version, createdAt, expiresAt,
				updatedAt, triggerProductId, triggerReference, parentOfferId, paymentId, checkoutSessionId, checkoutUrl,
				failureReason, paidAmount, refundedAmount, context, null, OfferDetails.NONE);
	}

	/** Context key of plan change offers: the subscription they change. */
	public static final String SUBSCRIPTION_ID = "subscription_id";

	/**
	 * Copies the context; only an accepted offer has a step. Details still kept in the context (an offer stored before
	 * they were typed, a store's JSON column) are read from it when none are given, and leave the context.
	 */
	public Offer {
		if (details == OfferDetails.NONE) {
			details = OfferDetails.readFrom(context);
		}
		context = Map.copyOf(OfferDetails.purchaseOf(context));
		if ((status == OfferStatus.ACCEPTED) != (step != null)) {
			throw new IllegalArgumentException("Offer " + id + ": an " + status + " offer "
					+ ((step != null) ? "has no step" : "needs a step"));
		}
	}

	/**
	 * Whether a presented offer has run out at {@code now}.
	 * @param now the time
	 * @return whether it is past its expiry and still only presented
	 */
	public boolean isExpiredAt(Instant now) {
		return this.status == OfferStatus.PRESENTED && !now.isBefore(this.expiresAt);
	}

	/** Whether this offer is a subscription plan change (settled by {@code subscription.plan_changed}). */
	public boolean isPlanChange() {
		return this.kind.isPlanChange();
	}

	/** Whether the one charge is being sent right now (a second accept waits for it). */
	public boolean isCharging() {
		return this.step == AcceptedStep.CHARGING;
	}

	/**
	 * This offer in another status. Entering {@link OfferStatus#ACCEPTED} starts at
	 * {@link AcceptedStep#CHARGING}; leaving it drops the step, and the authentication link of
	 * {@link AcceptedStep#ACTION_REQUIRED}.
	 * @param next the new status
	 * @param now the time of the change
	 * @return the changed offer
	 * @throws IllegalStateException when the lifecycle does not allow the move
	 */
	public Offer moveTo(OfferStatus next, Instant now) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("Offer " + this.id + " cannot move from " + this.status + " to " + next);
		}
		boolean authenticating = this.step == AcceptedStep.ACTION_REQUIRED;
		return copy(next, (next == OfferStatus.ACCEPTED) ? AcceptedStep.CHARGING : null, now, this.paymentId,
				this.checkoutSessionId, authenticating ? null : this.checkoutUrl, this.failureReason, this.paidAmount,
				this.refundedAmount);
	}

	/**
	 * This accepted offer at another step.
	 * @param next the step
	 * @param now the time of the change
	 * @return the changed offer
	 * @throws IllegalStateException when the offer is not accepted
	 */
	public Offer atStep(AcceptedStep next, Instant now) {
		if (this.status != OfferStatus.ACCEPTED) {
			throw new IllegalStateException("Offer " + this.id + " is " + this.status + ", not accepted");
		}
		return copy(this.status, next, now, this.paymentId, this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount);
	}

	/**
	 * This offer with the payment recorded.
	 * @param paymentId the Dodo payment (kept if {@code null})
	 * @param checkoutSessionId the Dodo checkout session (kept if {@code null})
	 * @param now the time of the change
	 * @return the changed offer
	 */
	public Offer withPayment(@Nullable String paymentId, @Nullable String checkoutSessionId, Instant now) {
		return copy(this.status, this.step, now, (paymentId != null) ? paymentId : this.paymentId,
				(checkoutSessionId != null) ? checkoutSessionId : this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount);
	}

	/** Whether Dodo adds tax to {@link #price()} when charging (a tax-exclusive product price). */
	public boolean taxExclusive() {
		return this.details.taxExclusive();
	}

	/**
	 * The funnel step that made the offer: {@link OfferDetails#funnelStep()}, else (offers made before funnels) the
	 * rule id, with {@code .downsell} for a downsell.
	 * @return the step id
	 */
	public String funnelStep() {
		String step = this.details.funnelStep();
		if (step != null) {
			return step;
		}
		return (this.kind == OfferKind.DOWNSELL) ? this.ruleId + ".downsell" : this.ruleId;
	}

	/**
	 * The experiment variant the offer shows, if it is part of an experiment.
	 * @return the variant id, or {@code null}
	 */
	public @Nullable String variant() {
		return this.details.variant();
	}

	/**
	 * The key that at most one open offer holds: this customer and funnel step while the offer is open,
	 * {@code null} once it is settled. Stores enforce it unique. The first step of a funnel (and of a rule) keeps
	 * the key offers had before funnels, customer and rule.
	 * @return the key, or {@code null}
	 */
	public @Nullable String openSlot() {
		if (!this.status.isOpen()) {
			return null;
		}
		String slot = this.customerId.length() + ":" + this.customerId + "/" + this.ruleId;
		String step = this.details.funnelStep();
		return (step == null || step.equals(this.ruleId)) ? slot : slot + "/" + step;
	}

	/**
	 * This offer with outcome details.
	 * @param checkoutUrl the fallback or authentication link, if any (kept if {@code null})
	 * @param failureReason why, if it failed or was redirected (kept if {@code null})
	 * @param paidAmount what was paid (kept if 0)
	 * @return the changed offer
	 */
	public Offer withOutcome(@Nullable String checkoutUrl, @Nullable String failureReason, long paidAmount) {
		return copy(this.status, this.step, this.updatedAt, this.paymentId, this.checkoutSessionId,
				(checkoutUrl != null) ? checkoutUrl : this.checkoutUrl,
				(failureReason != null) ? failureReason : this.failureReason,
				(paidAmount != 0) ? paidAmount : this.paidAmount, this.refundedAmount);
	}

	/**
	 * What the customer paid: the payment's amount in its currency, once converted; the price before.
	 * @return the money paid, or to be paid
	 */
	public Money paid() {
		return new Money((this.paidAmount > 0) ? this.paidAmount : this.price.amount(),
				(this.paidCurrency != null) ? this.paidCurrency : this.price.currency());
	}

	/**
	 * This offer paid in a currency (kept only when it differs from the price's).
	 * @param currency the payment's currency
	 * @return the changed offer
	 */
	public Offer paidIn(String currency) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.step, this.version, this.createdAt, this.expiresAt, this.updatedAt,
				this.triggerProductId, this.triggerReference, this.parentOfferId, this.paymentId,
				this.checkoutSessionId, this.checkoutUrl, this.failureReason, this.paidAmount, this.refundedAmount,
				this.context, currency.equals(this.price.currency()) ? null : currency, this.details);
	}

	/**
	 * This offer with a refund added.
	 * @param amount refunded minor units
	 * @param now the time of the change
	 * @return the changed offer
	 */
	public Offer withRefund(long amount, Instant now) {
		return copy(this.status, this.step, now, this.paymentId, this.checkoutSessionId, this.checkoutUrl,
				this.failureReason, this.paidAmount, this.refundedAmount + amount);
	}

	/**
	 * This offer at a version: for {@link OfferRepository} implementations, which own the version.
	 * @param version the version stored
	 * @return the offer at that version
	 */
	public Offer withVersion(long version) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				this.status, this.step, version, this.createdAt, this.expiresAt, this.updatedAt,
				this.triggerProductId, this.triggerReference, this.parentOfferId, this.paymentId,
				this.checkoutSessionId, this.checkoutUrl, this.failureReason, this.paidAmount, this.refundedAmount,
				this.context, this.paidCurrency, this.details);
	}

	private Offer copy(OfferStatus status, @Nullable AcceptedStep step, Instant updatedAt, @Nullable String paymentId,
			@Nullable String checkoutSessionId, @Nullable String checkoutUrl, @Nullable String failureReason,
			long paidAmount, long refundedAmount) {
		return new Offer(this.id, this.customerId, this.ruleId, this.kind, this.productId, this.quantity, this.price,
				status, step, this.version, this.createdAt, this.expiresAt, updatedAt, this.triggerProductId,
				this.triggerReference, this.parentOfferId, paymentId, checkoutSessionId, checkoutUrl, failureReason,
				paidAmount, refundedAmount, this.context, this.paidCurrency, this.details);
	}

}
