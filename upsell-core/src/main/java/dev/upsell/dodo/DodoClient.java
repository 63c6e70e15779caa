package dev.upsell.dodo;

import java.util.List;

/**
 * The operations of the Dodo Payments API that dodo-upsell uses.
 * <p>
 * Every method throws {@link DodoApiException} when Dodo answers with an error or cannot be reached.
 * Reads ({@code get*}, {@code list*}) may be retried by an implementation; the methods documented as
 * <em>money-moving</em> are sent exactly once, because the API takes no idempotency key and a retried
 * charge can charge twice. An unknown outcome of such a call is settled by webhook or by reading the
 * payment back, never by sending it again.
 * <p>
 * The default implementation is {@code RestDodoClient} (in the starter); an implementation on the official SDK can replace
 * it by declaring a bean of this type.
 */
public interface DodoClient {

	/** {@code GET /customers/{customer_id}/payment-methods}: the customer's saved payment methods. */
	List<PaymentMethod> listPaymentMethods(String customerId);

	/**
	 * {@code POST /checkouts}: creates a checkout session. <em>Money-moving</em> when {@code confirm} is
	 * true with a {@code payment_method_id}: never retried.
	 */
	CheckoutSession createCheckoutSession(CheckoutSessionRequest request);

	/**
	 * {@code POST /checkouts/preview}: what Dodo would charge for this cart, customer and billing address
	 * (localized prices, purchasing power parity, adaptive currency, discounts, tax). Moves no money.
	 */
	CheckoutPreview previewCheckout(CheckoutSessionRequest request);

	/** {@code GET /checkouts/{session_id}}: the session's payment and its status. */
	CheckoutSessionStatus getCheckoutSession(String sessionId);

	/** {@code POST /payments}: creates a one-time payment. <em>Money-moving</em>: never retried. */
	PaymentCreated createPayment(OneTimePaymentRequest request);

	/** {@code GET /payments/{payment_id}}. */
	Payment getPayment(String paymentId);

	/** {@code GET /payments}: one page of payments matching the query (used for reconciliation). */
	List<Payment> listPayments(PaymentQuery query);

	/** {@code GET /subscriptions/{subscription_id}}. */
	Subscription getSubscription(String subscriptionId);

	/**
	 * {@code PATCH /subscriptions/{id}}: pauses, resumes, cancels at the period's end (or takes that back), or moves
	 * the next billing date. Moves no money by itself. A client that predates it refuses it.
	 * @param subscriptionId the subscription
	 * @param update the change, one at a time (Dodo refuses {@code paused} or {@code active} with anything else)
	 * @return the subscription after the change
	 * @throws DodoApiException when Dodo refuses it (e.g. 422 for a subscription in another status)
	 */
	default Subscription updateSubscription(String subscriptionId, SubscriptionUpdate update) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot update subscriptions");
	}

	/** {@code POST /subscriptions/{id}/change-plan/preview}: what a plan change would charge; moves no money. */
	PlanChangePreview previewPlanChange(String subscriptionId, PlanChangeRequest request);

	/** {@code POST /subscriptions/{id}/change-plan}. <em>Money-moving</em>: never retried. */
	PlanChangeResult changePlan(String subscriptionId, PlanChangeRequest request);

	/**
	 * {@code DELETE /subscriptions/{id}/change-plan/scheduled}: cancels the plan change scheduled for the next billing
	 * date; the subscription renews on its plan. Moves no money. A client that predates it refuses it.
	 * @param subscriptionId the subscription
	 * @throws DodoApiException 404 when none is scheduled
	 */
	default void cancelScheduledPlanChange(String subscriptionId) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot cancel scheduled plan changes");
	}

	/** {@code GET /products/{product_id}}. */
	Product getProduct(String productId);

	/**
	 * {@code POST /discounts}: creates a discount code. Moves no money. A client that predates it refuses it.
	 * @param request the code
	 * @return the discount
	 * @throws DodoApiException when Dodo refuses it (e.g. 409 for a code that exists)
	 */
	default Discount createDiscount(DiscountRequest request) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot create discounts");
	}

	/**
	 * {@code GET /discounts/code/{code}}: a discount by its code.
	 * @param code the code
	 * @return the discount
	 * @throws DodoApiException 404 for a code Dodo does not know
	 */
	default Discount getDiscountByCode(String code) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot read discounts");
	}

}
