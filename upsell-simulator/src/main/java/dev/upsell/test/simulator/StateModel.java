package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** The simulator's mutable records, guarded by the {@link SimulatorState} lock. */
final class StateModel {

	private StateModel() {
	}

	record Customer(String id, String email, String name, List<SimCard> cards) {
	}

	/**
	 * One line of a cart as charged.
	 *
	 * @param productId the product
	 * @param quantity the quantity
	 * @param unitPrice the unit price before discount and tax
	 * @param total what the line costs, tax included
	 * @param tax the tax part of {@code total}
	 */
	record CartLine(String productId, int quantity, long unitPrice, long total, long tax, @Nullable String currency) {

		/** A line in the product's own currency. */
		CartLine(String productId, int quantity, long unitPrice, long total, long tax) {
			this(productId, quantity, unitPrice, total, tax, null);
		}

	}

	/** A product's price for buyers of one country (Dodo's localized prices, {@code pricing_mode} by country). */
	record LocalPrice(long price, String currency) {
	}

	static final class Session {

		final String id;

		final Instant createdAt;

		final Instant expiresAt;

		final @Nullable String customerId;

		final List<CartLine> cart;

		final Map<String, String> metadata;

		final @Nullable String returnUrl;

		final String currency;

		@Nullable String paymentId;

		/** The billing address the session was created with, if any. */
		Map<String, String> billing = Map.of();

		/** The discounts its codes applied, counted when it is paid. */
		List<String> discountIds = List.of();

		Session(String id, Instant createdAt, Duration lifetime, @Nullable String customerId, List<CartLine> cart,
				Map<String, String> metadata, @Nullable String returnUrl, String currency) {
			this.id = id;
			this.createdAt = createdAt;
			this.expiresAt = createdAt.plus(lifetime);
			this.customerId = customerId;
			this.cart = cart;
			this.metadata = metadata;
			this.returnUrl = returnUrl;
			this.currency = currency;
		}

	}

	static final class Refund {

		final String id;

		final long amount;

		final Instant createdAt;

		/** SDK {@code RefundStatus}: {@code pending} first, then {@code succeeded} or {@code failed}. */
		String status = "pending";

		Refund(String id, long amount, Instant createdAt) {
			this.id = id;
			this.amount = amount;
			this.createdAt = createdAt;
		}

	}

	/** A dispute (chargeback) on a payment (SDK {@code Dispute}). */
	static final class Dispute {

		final String id;

		final String paymentId;

		final long amount;

		final Instant createdAt;

		/** SDK {@code DisputeStatus}: {@code dispute_opened}, then won, lost, accepted, … */
		String status = "dispute_opened";

		Dispute(String id, String paymentId, long amount, Instant createdAt) {
			this.id = id;
			this.paymentId = paymentId;
			this.amount = amount;
			this.createdAt = createdAt;
		}

	}

	static final class Payment {

		final String id;

		final String customerId;

		final List<CartLine> cart;

		final long totalAmount;

		final long tax;

		final String currency;

		final Map<String, String> metadata;

		final @Nullable String sessionId;

		final @Nullable String subscriptionId;

		final Instant createdAt;

		Instant updatedAt;

		String status = "processing";

		/** For a renewal retried by Dodo's Payment Retries: which retry this is (0 for the renewal itself). */
		int retryAttempt;

		@Nullable String paymentMethodId;

		@Nullable SimCard card;

		@Nullable String errorCode;

		@Nullable String errorMessage;

		@Nullable String paymentLink;

		/** The billing address given with the payment, or collected by the hosted page; empty when none was. */
		Map<String, String> billing = Map.of();

		int reads;

		final List<Refund> refunds = new ArrayList<>();

		final List<Dispute> disputes = new ArrayList<>();

		/** Runs once when the payment reaches {@code succeeded}, {@code failed} or {@code cancelled}. */
		@Nullable Consumer<Payment> onSettled;

		Payment(String id, String customerId, List<CartLine> cart, long totalAmount, long tax, String currency,
				Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId,
				Instant createdAt) {
			this.id = id;
			this.customerId = customerId;
			this.cart = List.copyOf(cart);
			this.totalAmount = totalAmount;
			this.tax = tax;
			this.currency = currency;
			this.metadata = Map.copyOf(metadata);
			this.sessionId = sessionId;
			this.subscriptionId = subscriptionId;
			this.createdAt = createdAt;
			this.updatedAt = createdAt;
		}

		boolean isFinal() {
			return this.status.equals("succeeded") || this.status.equals("failed") || this.status.equals("cancelled");
		}

		/** What refunds that did not fail took, or are taking (a pending refund holds its amount). */
		long refunded() {
			return this.refunds.stream()
				.filter((refund) -> !refund.status.equals("failed"))
				.mapToLong((refund) -> refund.amount)
				.sum();
		}

		SimPayment view() {
			return new SimPayment(this.id, this.status, this.totalAmount, this.currency, this.customerId, this.metadata,
					this.cart.stream().map(CartLine::productId).toList(), this.sessionId, this.subscriptionId,
					this.paymentMethodId, this.errorCode, this.createdAt);
		}

	}

	/**
	 * A discount on a subscription.
	 * @param discountId the discount
	 * @param cyclesRemaining renewals it still takes off; {@code null} for all of them
	 */
	record AppliedDiscount(String discountId, @Nullable Integer cyclesRemaining) {
	}

	static final class Subscription {

		final String id;

		final String customerId;

		final String currency;

		String productId;

		int quantity;

		String status;

		Instant previousBilling;

		Instant nextBilling;

		Instant createdAt;

		@Nullable Instant cancelledAt;

		long credits;

		/** A plan change waiting for its payment ({@code prevent_change}, or a charge not settled yet). */
		@Nullable String pendingChangePaymentId;

		boolean pendingChangeFixture;

		@Nullable String paymentMethodId;

		Map<String, Integer> addons = new LinkedHashMap<>();

		/** The metadata of the checkout that started it (SDK: subscriptions carry metadata). */
		Map<String, String> metadata = Map.of();

		@Nullable String scheduledProductId;

		int scheduledQuantity;

		Map<String, Integer> scheduledAddons = new LinkedHashMap<>();

		@Nullable Instant scheduledAt;

		/** Cancels at the end of the period instead of renewing (SDK {@code cancel_at_next_billing_date}). */
		boolean cancelAtNextBillingDate;

		/** The customer's churn reason (SDK {@code CancellationFeedback}), once cancelling. */
		@Nullable String cancellationFeedback;

		@Nullable String cancellationComment;

		/** The discounts applied, in order (SDK {@code Subscription.discounts}). */
		List<AppliedDiscount> discounts = new ArrayList<>();

		/** What a scheduled change also does when it applies (its discount codes). */
		@Nullable Consumer<Subscription> onScheduledChange;

		Subscription(String id, String customerId, String productId, int quantity, String status,
				Instant previousBilling, Instant nextBilling, String currency) {
			this.id = id;
			this.customerId = customerId;
			this.productId = productId;
			this.quantity = quantity;
			this.status = status;
			this.previousBilling = previousBilling;
			this.nextBilling = nextBilling;
			this.currency = currency;
			this.createdAt = previousBilling;
		}

		boolean hasPendingChange() {
			return this.pendingChangeFixture || this.pendingChangePaymentId != null;
		}

		Subscription copy() {
			Subscription copy = new Subscription(this.id, this.customerId, this.productId, this.quantity, this.status,
					this.previousBilling, this.nextBilling, this.currency);
			copy.createdAt = this.createdAt;
			copy.credits = this.credits;
			copy.paymentMethodId = this.paymentMethodId;
			copy.addons = new LinkedHashMap<>(this.addons);
			copy.scheduledProductId = this.scheduledProductId;
			copy.scheduledQuantity = this.scheduledQuantity;
			copy.scheduledAddons = new LinkedHashMap<>(this.scheduledAddons);
			copy.scheduledAt = this.scheduledAt;
			copy.cancelAtNextBillingDate = this.cancelAtNextBillingDate;
			copy.cancellationFeedback = this.cancellationFeedback;
			copy.cancellationComment = this.cancellationComment;
			copy.discounts = new ArrayList<>(this.discounts);
			return copy;
		}

		SimSubscription view() {
			return new SimSubscription(this.id, this.customerId, this.productId, this.quantity, this.status,
					this.previousBilling, this.nextBilling, this.credits, this.scheduledProductId,
					this.paymentMethodId, Map.copyOf(this.addons));
		}

	}

}
