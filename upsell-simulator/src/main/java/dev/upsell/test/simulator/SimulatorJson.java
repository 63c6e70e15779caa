package dev.upsell.test.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.test.simulator.StateModel.CartLine;
import dev.upsell.test.simulator.StateModel.Customer;
import dev.upsell.test.simulator.StateModel.Payment;
import dev.upsell.test.simulator.StateModel.Refund;
import dev.upsell.test.simulator.StateModel.Subscription;

/** Dodo's JSON shapes of the simulator's records (SDK 2.52 types). */
final class SimulatorJson {

	static final String BUSINESS_ID = "bus_simulator";

	private SimulatorJson() {
	}

	/** The full Payment object ({@code GET /payments/{id}}, webhooks). */
	static Map<String, Object> payment(Payment payment, @Nullable Customer customer, boolean withStatus) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("payment_id", payment.id);
		json.put("business_id", BUSINESS_ID);
		json.put("brand_id", "brand_simulator");
		json.put("created_at", payment.createdAt.toString());
		json.put("updated_at", payment.updatedAt.toString());
		if (withStatus) {
			json.put("status", payment.status);
		}
		json.put("total_amount", payment.totalAmount);
		json.put("currency", payment.currency);
		json.put("tax", payment.tax);
		json.put("settlement_amount", payment.totalAmount);
		json.put("settlement_currency", payment.currency);
		json.put("customer", customer(customer, payment.customerId));
		json.put("metadata", payment.metadata);
		json.put("checkout_session_id", payment.sessionId);
		json.put("subscription_id", payment.subscriptionId);
		json.put("payment_method", (payment.card != null) ? "card" : null);
		json.put("payment_method_id", payment.paymentMethodId);
		json.put("payment_method_type", (payment.card != null) ? "credit" : null);
		json.put("card_last_four", (payment.card != null) ? payment.card.last4() : null);
		json.put("card_network", (payment.card != null) ? payment.card.network() : null);
		json.put("card_type", (payment.card != null) ? "credit" : null);
		json.put("card_issuing_country", (payment.card != null) ? payment.card.issuingCountry() : null);
		json.put("error_code", payment.errorCode);
		json.put("error_message", payment.errorMessage);
		json.put("retry_attempt", payment.retryAttempt);
		json.put("refunds", payment.refunds.stream().map((refund) -> (Object) Map.of("refund_id", refund.id,
				"amount", refund.amount, "status", refund.status, "created_at", refund.createdAt.toString())).toList());
		json.put("refund_status", refundStatus(payment));
		json.put("disputes", payment.disputes.stream().map((dispute) -> (Object) dispute(payment, dispute)).toList());
		json.put("product_cart", cart(payment.cart));
		json.put("invoice_id", null);
		json.put("invoice_url", null);
		// SDK Payment.billing is required, with country required: a payment shows the address it was made with
		// (the request's, or what the hosted page collected). Guess: a subscription's own payments (renewals,
		// plan changes), which the simulator makes without one, show the country only.
		json.put("billing", payment.billing.isEmpty() ? Map.of("country", "US") : payment.billing);
		json.put("payment_link", payment.paymentLink);
		return json;
	}

	/**
	 * A {@code GET /payments} item ({@code PaymentListResponse}): no {@code checkout_session_id},
	 * {@code payment_method_id}, {@code error_code}, {@code error_message}, {@code billing}, {@code tax} or
	 * {@code settlement_*}; read the payment by id for those.
	 */
	static Map<String, Object> paymentListItem(Payment payment, @Nullable Customer customer, boolean withStatus) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("payment_id", payment.id);
		json.put("brand_id", "brand_simulator");
		json.put("created_at", payment.createdAt.toString());
		json.put("currency", payment.currency);
		json.put("customer", customer(customer, payment.customerId));
		json.put("digital_products_delivered", false);
		json.put("has_license_key", false);
		json.put("is_multi_subscription", false);
		json.put("metadata", payment.metadata);
		json.put("payment_provider", "dodo");
		json.put("subscription_ids", (payment.subscriptionId != null) ? List.of(payment.subscriptionId) : List.of());
		json.put("total_amount", payment.totalAmount);
		json.put("card_last_four", (payment.card != null) ? payment.card.last4() : null);
		json.put("card_network", (payment.card != null) ? payment.card.network() : null);
		json.put("payment_method", (payment.card != null) ? "card" : null);
		json.put("payment_method_type", (payment.card != null) ? "credit" : null);
		json.put("refund_status", refundStatus(payment));
		if (withStatus) {
			json.put("status", payment.status);
		}
		json.put("subscription_id", payment.subscriptionId);
		return json;
	}

	/**
	 * A dispute (SDK {@code Dispute}): {@code amount} is a string. Guess: in minor units, as every other amount.
	 */
	static Map<String, Object> dispute(Payment payment, StateModel.Dispute dispute) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("dispute_id", dispute.id);
		json.put("payment_id", payment.id);
		json.put("business_id", BUSINESS_ID);
		json.put("amount", Long.toString(dispute.amount));
		json.put("currency", payment.currency);
		json.put("created_at", dispute.createdAt.toString());
		json.put("dispute_stage", "dispute");
		json.put("dispute_status", dispute.status);
		json.put("remarks", null);
		return json;
	}

	static Map<String, Object> refund(Payment payment, Refund refund, @Nullable Customer customer) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("refund_id", refund.id);
		json.put("payment_id", payment.id);
		json.put("business_id", BUSINESS_ID);
		json.put("brand_id", "brand_simulator");
		json.put("created_at", refund.createdAt.toString());
		json.put("customer", customer(customer, payment.customerId));
		json.put("is_partial", refund.amount < payment.totalAmount);
		json.put("metadata", Map.of());
		json.put("status", refund.status);
		json.put("amount", refund.amount);
		json.put("currency", payment.currency);
		json.put("reason", null);
		return json;
	}

	static Map<String, Object> subscription(Subscription subscription, SimProduct product, Customer customer,
			Map<String, SimAddon> addons, Instant now) {
		long addonAmount = 0;
		for (Map.Entry<String, Integer> addon : subscription.addons.entrySet()) {
			SimAddon known = addons.get(addon.getKey());
			addonAmount += (known != null) ? known.price() * addon.getValue() : 0;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("subscription_id", subscription.id);
		json.put("status", subscription.status);
		json.put("product_id", subscription.productId);
		json.put("quantity", subscription.quantity);
		json.put("currency", subscription.currency);
		json.put("recurring_pre_tax_amount", product.price() * subscription.quantity + addonAmount);
		json.put("tax_inclusive", product.taxInclusive());
		json.put("customer", customer(customer, customer.id()));
		json.put("payment_method_id", subscription.paymentMethodId);
		json.put("next_billing_date", subscription.nextBilling.toString());
		json.put("previous_billing_date", subscription.previousBilling.toString());
		json.put("payment_frequency_count", 1);
		json.put("payment_frequency_interval", product.interval());
		json.put("subscription_period_count", 10);
		json.put("subscription_period_interval", "Year");
		json.put("cancel_at_next_billing_date", subscription.cancelAtNextBillingDate);
		json.put("cancellation_feedback", subscription.cancellationFeedback);
		json.put("cancellation_comment", subscription.cancellationComment);
		json.put("addons", addonList(subscription.addons));
		json.put("metadata", subscription.metadata);
		Map<String, Object> scheduled = null;
		if (subscription.scheduledProductId != null) {
			scheduled = new LinkedHashMap<>();
			scheduled.put("id", "sch_" + subscription.id);
			scheduled.put("product_id", subscription.scheduledProductId);
			scheduled.put("quantity", subscription.scheduledQuantity);
			scheduled.put("effective_at", subscription.nextBilling.toString());
			scheduled.put("addons", addonList(subscription.scheduledAddons));
			scheduled.put("created_at", (subscription.scheduledAt != null) ? subscription.scheduledAt.toString() : now.toString());
		}
		json.put("scheduled_change", scheduled);
		json.put("trial_period_days", 0);
		json.put("created_at", subscription.createdAt.toString());
		json.put("cancelled_at", (subscription.cancelledAt != null) ? subscription.cancelledAt.toString() : null);
		json.put("expires_at", null);
		return json;
	}

	static Map<String, Object> product(SimProduct product, Instant now) {
		Map<String, Object> price = new LinkedHashMap<>();
		if (product.usageBased()) {
			price.put("type", "usage_based_price");
			price.put("fixed_price", product.price());
		}
		else {
			price.put("type", product.recurring() ? "recurring_price" : "one_time_price");
			price.put("price", product.price());
		}
		price.put("currency", product.currency());
		price.put("discount", product.discountBasisPoints() / 100.0);
		price.put("discount_bps", product.discountBasisPoints());
		price.put("tax_inclusive", product.taxInclusive());
		price.put("pay_what_you_want", product.payWhatYouWant());
		if (product.recurring()) {
			price.put("payment_frequency_count", 1);
			price.put("payment_frequency_interval", product.interval());
			price.put("subscription_period_count", 10);
			price.put("subscription_period_interval", "Year");
			price.put("trial_period_days", 0);
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("product_id", product.productId());
		json.put("business_id", BUSINESS_ID);
		json.put("name", product.name());
		json.put("description", null);
		json.put("is_recurring", product.recurring());
		json.put("tax_category", "digital_products");
		json.put("price", price);
		json.put("created_at", now.toString());
		return json;
	}

	static Map<String, Object> customer(@Nullable Customer customer, String customerId) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("customer_id", customerId);
		json.put("email", (customer != null) ? customer.email() : null);
		json.put("name", (customer != null) ? customer.name() : null);
		return json;
	}

	static List<Object> cart(List<CartLine> cart) {
		return cart.stream().map((line) -> (Object) Map.of("product_id", line.productId(), "quantity", line.quantity())).toList();
	}

	static Map<String, Object> withPayloadType(String type, Map<String, Object> json) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("payload_type", type);
		data.putAll(json);
		return data;
	}

	private static List<Object> addonList(Map<String, Integer> addons) {
		return addons.entrySet()
			.stream()
			.map((entry) -> (Object) Map.of("addon_id", entry.getKey(), "quantity", entry.getValue()))
			.toList();
	}

	private static @Nullable String refundStatus(Payment payment) {
		long refunded = payment.refunded();
		if (refunded == 0) {
			return null;
		}
		return (refunded >= payment.totalAmount) ? "full" : "partial";
	}

}
