package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.CartLine;
import dev.upsell.test.simulator.StateModel.Customer;
import dev.upsell.test.simulator.StateModel.Payment;

/**
 * The payments API: {@code POST /payments}, {@code GET /payments/{id}} and {@code GET /payments}. How a charge
 * settles is {@link SimulatorState}'s; this desk reads and writes the resource, under its one lock.
 */
final class PaymentDesk {

	private final SimulatorState state;

	PaymentDesk(SimulatorState state) {
		this.state = state;
	}

	/** {@code POST /payments}: a saved card charged now, or a payment link. */
	Map<String, Object> create(JsonNode body) {
		synchronized (this.state) {
			if (!body.path("billing").path("country").isString()) {
				throw ApiError.invalid("INVALID_REQUEST", "billing.country is required");
			}
			List<CartLine> cart = this.state.cart(body.path("product_cart"), 20,
					body.path("billing").path("country").asString(null));
			String customerId = body.path("customer").path("customer_id").asString(null);
			if (customerId == null) {
				// Guess: new customers by e-mail are created on the fly, as Dodo does.
				String email = body.path("customer").path("email").asString(null);
				if (email == null) {
					throw ApiError.invalid("INVALID_REQUEST", "customer.customer_id or customer.email is required");
				}
				customerId = this.state.newId("cus");
				this.state.customers.put(customerId, new Customer(customerId, email,
						body.path("customer").path("name").asString(email), new ArrayList<>()));
			}
			Customer customer = this.state.customerOr422(customerId);
			String currency = this.state.currency(body.path("billing_currency").asString(null), cart);
			String paymentMethodId = body.path("payment_method_id").asString(null);
			DiscountDesk.Priced priced = this.state.discounts.onCart(body, customerId, cart);
			cart = priced.cart();
			Payment payment;
			if (paymentMethodId != null) {
				payment = this.state.charge(customerId, paymentMethodId, cart, currency, SimulatorState.metadata(body), null, null,
						SimulatorState.address(body.path("billing")));
				if (!"failed".equals(payment.status)) {
					this.state.discounts.redeem(priced.discountIds(), customerId);
				}
			}
			else {
				payment = this.state.newPayment(customer.id(), cart, currency, SimulatorState.metadata(body), null, null);
				payment.billing = SimulatorState.address(body.path("billing"));
				payment.status = "requires_payment_method";
			}
			// SDK payments.d.ts: payment_link "Defaults to false"; a link comes only when asked for
			if (body.path("payment_link").asBoolean(false) && !payment.isFinal()) {
				payment.paymentLink = this.state.baseUrl.get() + "/pay/" + payment.id;
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("payment_id", payment.id);
			json.put("total_amount", payment.totalAmount);
			json.put("client_secret", SimulatorState.PAYMENT_SECRET + payment.id);
			json.put("customer", SimulatorJson.customer(customer, customer.id()));
			json.put("metadata", payment.metadata);
			json.put("payment_link", payment.paymentLink);
			json.put("expires_on",
					(payment.paymentLink != null) ? payment.createdAt.plus(Duration.ofDays(1)).toString() : null);
			json.put("product_cart", SimulatorJson.cart(payment.cart));
			json.put("discount_id", null);
			return json;
		}
	}

	/** {@code GET /payments/{id}}. */
	Map<String, Object> get(String paymentId) {
		synchronized (this.state) {
			Payment payment = this.state.payments.get(paymentId);
			if (payment == null) {
				throw ApiError.notFound("Payment", paymentId);
			}
			return SimulatorJson.payment(payment, this.state.customers.get(payment.customerId), showStatus(payment));
		}
	}

	/** {@code GET /payments}, newest first, filtered and paged as the query asks. */
	Map<String, Object> list(Map<String, String> query) {
		synchronized (this.state) {
			// Guess: Dodo refuses bad paging and unknown filter values (422) rather than clamping or ignoring them
			int page = intParam(query, "page_number", 0);
			int size = intParam(query, "page_size", 10);
			if (page < 0 || size < 1 || size > 100) {
				throw ApiError.invalid("INVALID_REQUEST", "page_number must be 0 or more and page_size 1 to 100");
			}
			if (query.get("status") != null && !PAYMENT_STATUSES.contains(query.get("status"))) {
				throw ApiError.invalid("INVALID_REQUEST", "status is not a payment status");
			}
			Instant gte = instantParam(query, "created_at_gte");
			Instant lte = instantParam(query, "created_at_lte");
			List<Object> items = this.state.payments.values()
				.stream()
				.filter((p) -> matches(query.get("customer_id"), p.customerId))
				.filter((p) -> matches(query.get("subscription_id"), p.subscriptionId))
				.filter((p) -> matches(query.get("status"), p.status))
				.filter((p) -> matches(query.get("currency"), p.currency))
				.filter((p) -> query.get("product_id") == null
						|| p.cart.stream().anyMatch((line) -> line.productId().equals(query.get("product_id"))))
				.filter((p) -> gte == null || !p.createdAt.isBefore(gte))
				.filter((p) -> lte == null || !p.createdAt.isAfter(lte))
				.sorted(Comparator.comparing((Payment p) -> p.createdAt).reversed())
				.skip((long) page * size)
				.limit(size)
				.map((p) -> (Object) SimulatorJson.paymentListItem(p, this.state.customers.get(p.customerId),
						showStatus(p)))
				.toList();
			return Map.of("items", items);
		}
	}

	/** SDK {@code IntentStatus}: the values the {@code status} filter takes. */
	private static final java.util.Set<String> PAYMENT_STATUSES = java.util.Set.of("succeeded", "failed", "cancelled",
			"processing", "requires_customer_action", "requires_merchant_action", "requires_payment_method",
			"requires_confirmation", "requires_capture", "partially_captured", "partially_captured_and_capturable");

	/** Mode {@link SimulatorModes#omitFreshPaymentStatus(boolean)}: a payment's first read has no status. */
	private boolean showStatus(Payment payment) {
		payment.reads++;
		return !(this.state.modes.omitFreshPaymentStatus() && payment.reads == 1);
	}

	private static boolean matches(@Nullable String filter, @Nullable String value) {
		return filter == null || filter.equals(value);
	}

	private static int intParam(Map<String, String> query, String name, int fallback) {
		String value = query.get(name);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw ApiError.invalid("INVALID_REQUEST", name + " is not a number");
		}
	}

	private static @Nullable Instant instantParam(Map<String, String> query, String name) {
		String value = query.get(name);
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("INVALID_REQUEST", name + " is not a timestamp");
		}
	}

}
