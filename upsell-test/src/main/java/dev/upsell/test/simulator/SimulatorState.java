package dev.upsell.test.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's data and business rules. Every operation holds the one lock: the simulator is for tests,
 * and serial behaviour makes it deterministic.
 */
final class SimulatorState {

	static final String BUSINESS_ID = "bus_simulator";

	private final Clock clock;

	private final WebhookSender webhooks;

	private final Supplier<String> baseUrl;

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Customer> customers = new LinkedHashMap<>();

	private final Map<String, SimProduct> products = new LinkedHashMap<>();

	private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	private final Map<String, Payment> payments = new LinkedHashMap<>();

	private final Map<String, Session> sessions = new LinkedHashMap<>();

	SimulatorState(Clock clock, WebhookSender webhooks, Supplier<String> baseUrl) {
		this.clock = clock;
		this.webhooks = webhooks;
		this.baseUrl = baseUrl;
	}

	// ---- fixtures -------------------------------------------------------------------------------------

	synchronized void putCustomer(String customerId, String email, String name, List<SimCard> cards) {
		this.customers.put(customerId, new Customer(customerId, email, name, new ArrayList<>(cards)));
	}

	synchronized void addCard(String customerId, SimCard card) {
		customer(customerId).cards.add(card);
	}

	synchronized void putProduct(SimProduct product) {
		this.products.put(product.productId(), product);
	}

	synchronized void putSubscription(String subscriptionId, String customerId, String productId, int quantity,
			String status) {
		Customer customer = customer(customerId);
		SimProduct product = product(productId);
		if (!product.recurring()) {
			throw new IllegalArgumentException(productId + " is not a subscription product");
		}
		Instant now = this.clock.instant();
		Duration half = Duration.ofDays(product.periodDays()).dividedBy(2);
		Subscription subscription = new Subscription(subscriptionId, customer.id, productId, quantity, status,
				now.minus(half), now.plus(half), product.currency());
		subscription.paymentMethodId = customer.cards.isEmpty() ? null : customer.cards.get(0).paymentMethodId();
		subscription.createdAt = now.minus(half);
		this.subscriptions.put(subscriptionId, subscription);
	}

	synchronized void setSubscriptionStatus(String subscriptionId, String status) {
		subscription(subscriptionId).status = status;
	}

	synchronized void setPendingPlanChange(String subscriptionId, boolean pending) {
		subscription(subscriptionId).pendingChange = pending;
	}

	synchronized void clear() {
		this.customers.clear();
		this.products.clear();
		this.subscriptions.clear();
		this.payments.clear();
		this.sessions.clear();
	}

	synchronized List<SimPayment> payments() {
		return this.payments.values().stream().map(Payment::view).toList();
	}

	synchronized @Nullable SimSubscription subscriptionView(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		return (subscription != null) ? subscription.view() : null;
	}

	// ---- payment methods, products ------------------------------------------------------------------

	synchronized Map<String, Object> listPaymentMethods(String customerId) {
		Customer customer = customerOr404(customerId);
		List<Object> items = new ArrayList<>();
		for (SimCard card : customer.cards) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("card_holder_name", customer.name);
			details.put("card_issuing_country", card.issuingCountry());
			details.put("card_network", card.network());
			details.put("card_type", "credit");
			details.put("expiry_month", String.format("%02d", card.expiryMonth()));
			details.put("expiry_year", String.valueOf(card.expiryYear()));
			details.put("last4_digits", card.last4());
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("payment_method_id", card.paymentMethodId());
			item.put("payment_method", "card");
			item.put("payment_method_type", "credit");
			item.put("recurring_enabled", card.recurringEnabled());
			item.put("last_used_at", null);
			item.put("card", details);
			items.add(item);
		}
		return Map.of("items", items);
	}

	synchronized Map<String, Object> getProduct(String productId) {
		SimProduct product = this.products.get(productId);
		if (product == null) {
			throw ApiError.notFound("Product", productId);
		}
		Map<String, Object> price = new LinkedHashMap<>();
		price.put("type", product.recurring() ? "recurring_price" : "one_time_price");
		price.put("price", product.price());
		price.put("currency", product.currency());
		price.put("discount", 0);
		price.put("tax_inclusive", false);
		price.put("pay_what_you_want", false);
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
		json.put("created_at", this.clock.instant().toString());
		return json;
	}

	// ---- checkout sessions and payments -------------------------------------------------------------

	synchronized Map<String, Object> createCheckoutSession(JsonNode body) {
		List<CartLine> cart = cart(body.path("product_cart"), 20);
		String customerId = body.path("customer").path("customer_id").asString(null);
		String paymentMethodId = body.path("payment_method_id").asString(null);
		boolean confirm = body.path("confirm").asBoolean(false);
		if (paymentMethodId != null && !confirm) {
			throw ApiError.invalid("INVALID_REQUEST", "payment_method_id requires confirm: true");
		}
		if (paymentMethodId != null && customerId == null) {
			throw ApiError.invalid("INVALID_REQUEST", "payment_method_id requires an existing customer_id");
		}
		if (customerId != null) {
			customerOr422(customerId);
		}
		String currency = currency(body.path("billing_currency").asString(null), cart);
		Session session = new Session(newId("cks"), this.clock.instant(), customerId, cart, metadata(body),
				body.path("return_url").asString(null), currency);
		this.sessions.put(session.id, session);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("session_id", session.id);
		if (paymentMethodId != null) {
			Payment payment = charge(customerId, paymentMethodId, cart, currency, session.metadata, session.id, null);
			session.paymentId = payment.id;
			json.put("checkout_url", null);
			json.put("payment_id", payment.id);
		}
		else {
			json.put("checkout_url", this.baseUrl.get() + "/checkout/" + session.id);
			json.put("payment_id", null);
		}
		json.put("client_secret", "cs_secret_" + session.id);
		json.put("publishable_key", null);
		return json;
	}

	/**
	 * The customer pays on the hosted checkout page (a card entered there, not a saved one).
	 * @return the session's return URL, if any
	 */
	synchronized @Nullable String completeCheckout(String sessionId) {
		Session session = this.sessions.get(sessionId);
		if (session == null) {
			throw ApiError.notFound("Checkout session", sessionId);
		}
		if (session.paymentId == null) {
			String customerId = (session.customerId != null) ? session.customerId : "cus_guest";
			Payment payment = newPayment(customerId, session.cart, session.currency, session.metadata, session.id, null);
			payment.status = "succeeded";
			session.paymentId = payment.id;
			this.webhooks.send("payment.succeeded", withPayloadType("Payment", paymentJson(payment)));
		}
		return session.returnUrl;
	}

	synchronized Map<String, Object> getCheckoutSession(String sessionId) {
		Session session = this.sessions.get(sessionId);
		if (session == null) {
			throw ApiError.notFound("Checkout session", sessionId);
		}
		Payment payment = (session.paymentId != null) ? this.payments.get(session.paymentId) : null;
		Customer customer = (session.customerId != null) ? this.customers.get(session.customerId) : null;
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", session.id);
		json.put("created_at", session.createdAt.toString());
		json.put("payment_id", session.paymentId);
		json.put("payment_status", (payment != null) ? payment.status : null);
		json.put("customer_email", (customer != null) ? customer.email : null);
		json.put("customer_name", (customer != null) ? customer.name : null);
		return json;
	}

	synchronized Map<String, Object> createPayment(JsonNode body) {
		if (!body.path("billing").path("country").isString()) {
			throw ApiError.invalid("INVALID_REQUEST", "billing.country is required");
		}
		List<CartLine> cart = cart(body.path("product_cart"), 20);
		String customerId = body.path("customer").path("customer_id").asString(null);
		if (customerId == null) {
			// Guess: new customers by e-mail are created on the fly, as Dodo does.
			String email = body.path("customer").path("email").asString(null);
			if (email == null) {
				throw ApiError.invalid("INVALID_REQUEST", "customer.customer_id or customer.email is required");
			}
			customerId = newId("cus");
			this.customers.put(customerId, new Customer(customerId, email,
					body.path("customer").path("name").asString(email), new ArrayList<>()));
		}
		Customer customer = customerOr422(customerId);
		String currency = currency(body.path("billing_currency").asString(null), cart);
		String paymentMethodId = body.path("payment_method_id").asString(null);
		Payment payment;
		if (paymentMethodId != null) {
			payment = charge(customerId, paymentMethodId, cart, currency, metadata(body), null, null);
		}
		else {
			payment = newPayment(customer.id, cart, currency, metadata(body), null, null);
			payment.status = "requires_payment_method";
			payment.paymentLink = this.baseUrl.get() + "/pay/" + payment.id;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("payment_id", payment.id);
		json.put("total_amount", payment.totalAmount);
		json.put("client_secret", "pay_secret_" + payment.id);
		json.put("customer", customerJson(customer));
		json.put("metadata", payment.metadata);
		json.put("payment_link", payment.paymentLink);
		json.put("expires_on", (payment.paymentLink != null) ? payment.createdAt.plus(Duration.ofDays(1)).toString() : null);
		json.put("product_cart", cartJson(payment.cart));
		json.put("discount_id", null);
		return json;
	}

	synchronized Map<String, Object> getPayment(String paymentId) {
		Payment payment = this.payments.get(paymentId);
		if (payment == null) {
			throw ApiError.notFound("Payment", paymentId);
		}
		return paymentJson(payment);
	}

	synchronized Map<String, Object> listPayments(Map<String, String> query) {
		int page = intParam(query, "page_number", 0);
		int size = Math.min(Math.max(intParam(query, "page_size", 10), 1), 100);
		Instant gte = instantParam(query, "created_at_gte");
		Instant lte = instantParam(query, "created_at_lte");
		List<Object> items = this.payments.values()
			.stream()
			.filter((p) -> matches(query.get("customer_id"), p.customerId))
			.filter((p) -> matches(query.get("subscription_id"), p.subscriptionId))
			.filter((p) -> matches(query.get("status"), p.status))
			.filter((p) -> matches(query.get("currency"), p.currency))
			.filter((p) -> query.get("product_id") == null
					|| p.cart.stream().anyMatch((line) -> line.productId.equals(query.get("product_id"))))
			.filter((p) -> gte == null || !p.createdAt.isBefore(gte))
			.filter((p) -> lte == null || !p.createdAt.isAfter(lte))
			.sorted(Comparator.comparing((Payment p) -> p.createdAt).reversed())
			.skip((long) page * size)
			.limit(size)
			.map(this::paymentJson)
			.map(Object.class::cast)
			.toList();
		return Map.of("items", items);
	}

	private Payment charge(String customerId, String paymentMethodId, List<CartLine> cart, String currency,
			Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId) {
		Customer customer = customerOr422(customerId);
		SimCard card = customer.cards.stream()
			.filter((c) -> c.paymentMethodId().equals(paymentMethodId))
			.findFirst()
			.orElseThrow(() -> ApiError.invalid("PAYMENT_METHOD_NOT_FOUND",
					"Payment method " + paymentMethodId + " does not belong to customer " + customerId));
		Payment payment = newPayment(customerId, cart, currency, metadata, sessionId, subscriptionId);
		settle(payment, card);
		return payment;
	}

	private Payment newPayment(String customerId, List<CartLine> cart, String currency, Map<String, String> metadata,
			@Nullable String sessionId, @Nullable String subscriptionId) {
		long total = 0;
		for (CartLine line : cart) {
			total += line.unitPrice * line.quantity;
		}
		return newPayment(customerId, cart, total, currency, metadata, sessionId, subscriptionId);
	}

	private Payment newPayment(String customerId, List<CartLine> cart, long total, String currency,
			Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId) {
		Payment payment = new Payment(newId("pay"), customerId, cart, total, currency, metadata, sessionId,
				subscriptionId, this.clock.instant());
		this.payments.put(payment.id, payment);
		return payment;
	}

	/** Charges the card and sends {@code payment.succeeded} or {@code payment.failed}. */
	private void settle(Payment payment, SimCard card) {
		payment.paymentMethodId = card.paymentMethodId();
		payment.card = card;
		YearMonth now = YearMonth.from(this.clock.instant().atZone(ZoneOffset.UTC));
		if (YearMonth.of(card.expiryYear(), card.expiryMonth()).isBefore(now)) {
			fail(payment, "EXPIRED_CARD", "The card has expired");
		}
		else if (!card.currencies().contains(payment.currency)) {
			fail(payment, "CURRENCY_NOT_SUPPORTED", "The card cannot be charged in " + payment.currency);
		}
		else if (card.behaviour() == CardBehaviour.DECLINES) {
			fail(payment, "CARD_DECLINED", "The card was declined");
		}
		else if (card.behaviour() == CardBehaviour.INSUFFICIENT_FUNDS) {
			fail(payment, "INSUFFICIENT_FUNDS", "The card has insufficient funds");
		}
		else {
			payment.status = "succeeded";
		}
		payment.updatedAt = this.clock.instant();
		this.webhooks.send(payment.status.equals("succeeded") ? "payment.succeeded" : "payment.failed",
				withPayloadType("Payment", paymentJson(payment)));
	}

	private static void fail(Payment payment, String code, String message) {
		payment.status = "failed";
		payment.errorCode = code;
		payment.errorMessage = message;
	}

	// ---- subscriptions and plan changes ------------------------------------------------------------

	synchronized Map<String, Object> getSubscription(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw ApiError.notFound("Subscription", subscriptionId);
		}
		return subscriptionJson(subscription);
	}

	synchronized Map<String, Object> previewPlanChange(String subscriptionId, JsonNode body) {
		PlanChange change = planChange(subscriptionId, body);
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("total_amount", change.charge);
		summary.put("currency", change.subscription.currency);
		summary.put("customer_credits", change.creditDelta);
		summary.put("settlement_amount", change.charge);
		summary.put("settlement_currency", change.subscription.currency);
		summary.put("tax", 0);
		summary.put("settlement_tax", 0);
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("type", "subscription");
		line.put("id", change.subscription.id);
		line.put("product_id", change.product.productId());
		line.put("quantity", change.quantity);
		line.put("unit_price", change.product.price());
		line.put("proration_factor", change.prorationFactor);
		line.put("currency", change.product.currency());
		line.put("tax_inclusive", false);
		line.put("tax", 0);
		line.put("tax_rate", 0);
		line.put("name", change.product.name());
		line.put("description", null);
		Map<String, Object> charge = new LinkedHashMap<>();
		charge.put("effective_at", change.effectiveAt.toString());
		charge.put("line_items", List.of(line));
		charge.put("summary", summary);
		Subscription after = change.subscription.copy();
		if (!change.scheduled) {
			change.applyTo(after);
		}
		else {
			after.scheduledProductId = change.product.productId();
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("immediate_charge", charge);
		json.put("new_plan", subscriptionJson(after));
		return json;
	}

	synchronized Map<String, Object> changePlan(String subscriptionId, JsonNode body) {
		PlanChange change = planChange(subscriptionId, body);
		Subscription subscription = change.subscription;
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("payment_id", null);
		json.put("payment_link", null);
		json.put("client_secret", null);
		json.put("expires_on", null);
		if (change.scheduled) {
			subscription.scheduledProductId = change.product.productId();
			subscription.scheduledQuantity = change.quantity;
			return json;
		}
		boolean apply = true;
		if (change.charge > 0) {
			Customer customer = customer(subscription.customerId);
			SimCard card = customer.cards.stream()
				.filter((c) -> c.paymentMethodId().equals(subscription.paymentMethodId))
				.findFirst()
				.orElse(null);
			Payment payment = newPayment(subscription.customerId,
					List.of(new CartLine(change.product.productId(), change.quantity, change.product.price())),
					change.charge, subscription.currency, metadata(body), null, subscription.id);
			if (card == null) {
				payment.status = "requires_payment_method";
				payment.paymentLink = this.baseUrl.get() + "/pay/" + payment.id;
				json.put("payment_link", payment.paymentLink);
				json.put("expires_on", this.clock.instant().plus(Duration.ofDays(1)).toString());
			}
			else {
				settle(payment, card);
			}
			json.put("payment_id", payment.id);
			apply = payment.status.equals("succeeded") || "apply_change".equals(body.path("on_payment_failure").asString(""));
		}
		if (apply) {
			change.applyTo(subscription);
			this.webhooks.send("subscription.plan_changed", withPayloadType("Subscription", subscriptionJson(subscription)));
		}
		return json;
	}

	synchronized void cancelScheduledPlanChange(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw ApiError.notFound("Subscription", subscriptionId);
		}
		if (subscription.scheduledProductId == null) {
			throw ApiError.notFound("Scheduled plan change of subscription", subscriptionId);
		}
		subscription.scheduledProductId = null;
	}

	/** Validates a plan change request and computes its figures, without changing anything. */
	private PlanChange planChange(String subscriptionId, JsonNode body) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw ApiError.notFound("Subscription", subscriptionId);
		}
		String productId = body.path("product_id").asString(null);
		if (productId == null) {
			throw ApiError.invalid("INVALID_REQUEST", "product_id is required");
		}
		int quantity = body.path("quantity").asInt(0);
		if (quantity < 1) {
			throw ApiError.invalid("INVALID_REQUEST", "quantity must be at least 1");
		}
		String mode = body.path("proration_billing_mode").asString(null);
		if (mode == null || !List.of("prorated_immediately", "full_immediately", "difference_immediately", "do_not_bill")
			.contains(mode)) {
			throw ApiError.invalid("INVALID_REQUEST", "proration_billing_mode is missing or unknown: " + mode);
		}
		String effectiveAt = body.path("effective_at").asString("immediately");
		if (!effectiveAt.equals("immediately") && !effectiveAt.equals("next_billing_date")) {
			throw ApiError.invalid("INVALID_REQUEST", "effective_at is unknown: " + effectiveAt);
		}
		boolean scheduled = effectiveAt.equals("next_billing_date");
		if (scheduled && !mode.equals("full_immediately")) {
			throw ApiError.invalid("INVALID_PRORATION_MODE_WITH_NEXT_BILLING_DATE",
					"effective_at next_billing_date requires proration_billing_mode full_immediately");
		}
		if (!subscription.status.equals("active")) {
			throw ApiError.invalid("INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED",
					"Subscription " + subscriptionId + " is " + subscription.status);
		}
		if (subscription.pendingChange) {
			throw new ApiError(409, "PENDING_PLAN_CHANGE_EXISTS",
					"Subscription " + subscriptionId + " has a plan change awaiting payment");
		}
		if (subscription.scheduledProductId != null) {
			throw new ApiError(409, "SCHEDULED_PLAN_CHANGE_EXISTS",
					"Subscription " + subscriptionId + " has a scheduled plan change");
		}
		SimProduct product = this.products.get(productId);
		if (product == null || !product.recurring()) {
			// Guess: Dodo answers 422 for an unknown or non-subscription product here.
			throw ApiError.invalid("INVALID_PRODUCT", "Product " + productId + " is not a subscription product");
		}
		if (!product.currency().equals(subscription.currency)) {
			throw ApiError.invalid("CURRENCY_MISMATCH",
					"Product " + productId + " is priced in " + product.currency() + ", the subscription in "
							+ subscription.currency);
		}
		return new PlanChange(subscription, product(subscription.productId), product, quantity, mode, scheduled,
				this.clock.instant());
	}

	// ---- JSON ------------------------------------------------------------------------------------------

	private Map<String, Object> paymentJson(Payment payment) {
		Customer customer = this.customers.get(payment.customerId);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("payment_id", payment.id);
		json.put("business_id", BUSINESS_ID);
		json.put("brand_id", "brand_simulator");
		json.put("created_at", payment.createdAt.toString());
		json.put("updated_at", payment.updatedAt.toString());
		json.put("status", payment.status);
		json.put("total_amount", payment.totalAmount);
		json.put("currency", payment.currency);
		json.put("tax", 0);
		json.put("settlement_amount", payment.totalAmount);
		json.put("settlement_currency", payment.currency);
		json.put("customer", (customer != null) ? customerJson(customer) : Map.of("customer_id", payment.customerId));
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
		json.put("retry_attempt", 0);
		json.put("refunds", List.of());
		json.put("refund_status", null);
		json.put("disputes", List.of());
		json.put("product_cart", cartJson(payment.cart));
		json.put("invoice_id", null);
		json.put("invoice_url", null);
		json.put("billing", Map.of("country", "US"));
		json.put("payment_link", payment.paymentLink);
		return json;
	}

	private Map<String, Object> subscriptionJson(Subscription subscription) {
		SimProduct product = product(subscription.productId);
		Customer customer = customer(subscription.customerId);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("subscription_id", subscription.id);
		json.put("status", subscription.status);
		json.put("product_id", subscription.productId);
		json.put("quantity", subscription.quantity);
		json.put("currency", subscription.currency);
		json.put("recurring_pre_tax_amount", product.price() * subscription.quantity);
		json.put("tax_inclusive", false);
		json.put("customer", customerJson(customer));
		json.put("payment_method_id", subscription.paymentMethodId);
		json.put("next_billing_date", subscription.nextBilling.toString());
		json.put("previous_billing_date", subscription.previousBilling.toString());
		json.put("payment_frequency_count", 1);
		json.put("payment_frequency_interval", product.interval());
		json.put("subscription_period_count", 10);
		json.put("subscription_period_interval", "Year");
		json.put("cancel_at_next_billing_date", false);
		json.put("addons", List.of());
		json.put("metadata", Map.of());
		json.put("scheduled_change", (subscription.scheduledProductId != null)
				? Map.of("product_id", subscription.scheduledProductId, "quantity", subscription.scheduledQuantity,
						"effective_at", subscription.nextBilling.toString())
				: null);
		json.put("trial_period_days", 0);
		json.put("created_at", subscription.createdAt.toString());
		json.put("cancelled_at", subscription.status.equals("cancelled") ? this.clock.instant().toString() : null);
		json.put("expires_at", null);
		return json;
	}

	private static Map<String, Object> customerJson(Customer customer) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("customer_id", customer.id);
		json.put("email", customer.email);
		json.put("name", customer.name);
		return json;
	}

	private static List<Object> cartJson(List<CartLine> cart) {
		return cart.stream().map((line) -> (Object) Map.of("product_id", line.productId, "quantity", line.quantity)).toList();
	}

	private static Map<String, Object> withPayloadType(String type, Map<String, Object> json) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("payload_type", type);
		data.putAll(json);
		return data;
	}

	// ---- helpers -----------------------------------------------------------------------------------

	private List<CartLine> cart(JsonNode node, int max) {
		if (!node.isArray() || node.isEmpty()) {
			throw ApiError.invalid("INVALID_REQUEST", "product_cart must have at least one item");
		}
		if (node.size() > max) {
			throw ApiError.invalid("INVALID_REQUEST", "product_cart has more than " + max + " items");
		}
		List<CartLine> lines = new ArrayList<>();
		for (JsonNode item : node) {
			String productId = item.path("product_id").asString(null);
			int quantity = item.path("quantity").asInt(0);
			if (productId == null || quantity < 1) {
				throw ApiError.invalid("INVALID_REQUEST", "each product_cart item needs product_id and quantity >= 1");
			}
			SimProduct product = this.products.get(productId);
			if (product == null) {
				// Guess: an unknown product in a cart is a validation error (422), not a 404.
				throw ApiError.invalid("PRODUCT_NOT_FOUND", "Product " + productId + " not found");
			}
			long price = item.path("amount").isNumber() ? item.path("amount").asLong() : product.price();
			lines.add(new CartLine(productId, quantity, price));
		}
		return lines;
	}

	private String currency(@Nullable String requested, List<CartLine> cart) {
		String currency = product(cart.get(0).productId).currency();
		for (CartLine line : cart) {
			if (!product(line.productId).currency().equals(currency)) {
				throw ApiError.invalid("INVALID_REQUEST", "product_cart mixes currencies");
			}
		}
		if (requested != null && !requested.equals(currency)) {
			// Guess: the simulator does not convert currencies.
			throw ApiError.invalid("CURRENCY_NOT_SUPPORTED", "billing_currency " + requested
					+ " differs from the products' currency " + currency);
		}
		return currency;
	}

	private static Map<String, String> metadata(JsonNode body) {
		Map<String, String> metadata = new LinkedHashMap<>();
		JsonNode node = body.path("metadata");
		if (node.isObject()) {
			node.properties().forEach((entry) -> metadata.put(entry.getKey(), entry.getValue().asString()));
		}
		return metadata;
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

	private String newId(String prefix) {
		byte[] bytes = new byte[8];
		this.random.nextBytes(bytes);
		return prefix + "_" + this.sequence.incrementAndGet() + HexFormat.of().formatHex(bytes);
	}

	private Customer customer(String customerId) {
		Customer customer = this.customers.get(customerId);
		if (customer == null) {
			throw new IllegalArgumentException("No simulated customer " + customerId);
		}
		return customer;
	}

	private Customer customerOr404(String customerId) {
		Customer customer = this.customers.get(customerId);
		if (customer == null) {
			throw ApiError.notFound("Customer", customerId);
		}
		return customer;
	}

	private Customer customerOr422(String customerId) {
		Customer customer = this.customers.get(customerId);
		if (customer == null) {
			throw ApiError.invalid("CUSTOMER_NOT_FOUND", "Customer " + customerId + " not found");
		}
		return customer;
	}

	private SimProduct product(String productId) {
		SimProduct product = this.products.get(productId);
		if (product == null) {
			throw new IllegalArgumentException("No simulated product " + productId);
		}
		return product;
	}

	private Subscription subscription(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw new IllegalArgumentException("No simulated subscription " + subscriptionId);
		}
		return subscription;
	}

	// ---- model -------------------------------------------------------------------------------------

	private record Customer(String id, String email, String name, List<SimCard> cards) {
	}

	private record CartLine(String productId, int quantity, long unitPrice) {
	}

	private static final class Session {

		final String id;

		final Instant createdAt;

		final @Nullable String customerId;

		final List<CartLine> cart;

		final Map<String, String> metadata;

		final @Nullable String returnUrl;

		final String currency;

		@Nullable String paymentId;

		Session(String id, Instant createdAt, @Nullable String customerId, List<CartLine> cart,
				Map<String, String> metadata, @Nullable String returnUrl, String currency) {
			this.id = id;
			this.returnUrl = returnUrl;
			this.currency = currency;
			this.createdAt = createdAt;
			this.customerId = customerId;
			this.cart = cart;
			this.metadata = metadata;
		}

	}

	private static final class Payment {

		final String id;

		final String customerId;

		final List<CartLine> cart;

		final long totalAmount;

		final String currency;

		final Map<String, String> metadata;

		final @Nullable String sessionId;

		final @Nullable String subscriptionId;

		final Instant createdAt;

		Instant updatedAt;

		String status = "processing";

		@Nullable String paymentMethodId;

		@Nullable SimCard card;

		@Nullable String errorCode;

		@Nullable String errorMessage;

		@Nullable String paymentLink;

		Payment(String id, String customerId, List<CartLine> cart, long totalAmount, String currency,
				Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId,
				Instant createdAt) {
			this.id = id;
			this.customerId = customerId;
			this.cart = List.copyOf(cart);
			this.totalAmount = totalAmount;
			this.currency = currency;
			this.metadata = Map.copyOf(metadata);
			this.sessionId = sessionId;
			this.subscriptionId = subscriptionId;
			this.createdAt = createdAt;
			this.updatedAt = createdAt;
		}

		SimPayment view() {
			return new SimPayment(this.id, this.status, this.totalAmount, this.currency, this.customerId, this.metadata,
					this.cart.stream().map(CartLine::productId).toList(), this.sessionId, this.subscriptionId,
					this.paymentMethodId, this.errorCode, this.createdAt);
		}

	}

	private static final class Subscription {

		final String id;

		final String customerId;

		final String currency;

		String productId;

		int quantity;

		String status;

		Instant previousBilling;

		Instant nextBilling;

		Instant createdAt;

		long credits;

		boolean pendingChange;

		@Nullable String paymentMethodId;

		@Nullable String scheduledProductId;

		int scheduledQuantity;

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

		Subscription copy() {
			Subscription copy = new Subscription(this.id, this.customerId, this.productId, this.quantity, this.status,
					this.previousBilling, this.nextBilling, this.currency);
			copy.createdAt = this.createdAt;
			copy.credits = this.credits;
			copy.paymentMethodId = this.paymentMethodId;
			copy.scheduledProductId = this.scheduledProductId;
			copy.scheduledQuantity = this.scheduledQuantity;
			return copy;
		}

		SimSubscription view() {
			return new SimSubscription(this.id, this.customerId, this.productId, this.quantity, this.status,
					this.previousBilling, this.nextBilling, this.credits, this.scheduledProductId,
					this.paymentMethodId);
		}

	}

	/**
	 * The figures of one plan change. Proration math, per Dodo's guide (the exact rounding is a guess: half
	 * up to the minor unit):
	 * <ul>
	 * <li>{@code difference_immediately}: charge new − old now; a downgrade adds old − new as credit.</li>
	 * <li>{@code prorated_immediately}: charge (new − old) × remaining share of the period; a downgrade adds
	 * the same prorated amount as credit.</li>
	 * <li>{@code full_immediately}: charge the full new price and restart the period now.</li>
	 * <li>{@code do_not_bill}: charge nothing.</li>
	 * </ul>
	 * Existing credit pays for a charge first (reported as negative {@code customer_credits}).
	 */
	private static final class PlanChange {

		final Subscription subscription;

		final SimProduct product;

		final int quantity;

		final String mode;

		final boolean scheduled;

		final Instant now;

		final Instant effectiveAt;

		final double prorationFactor;

		final long charge;

		final long creditDelta;

		PlanChange(Subscription subscription, SimProduct current, SimProduct product, int quantity, String mode,
				boolean scheduled, Instant now) {
			this.subscription = subscription;
			this.product = product;
			this.quantity = quantity;
			this.mode = mode;
			this.scheduled = scheduled;
			this.now = now;
			this.effectiveAt = scheduled ? subscription.nextBilling : now;
			long oldAmount = current.price() * subscription.quantity;
			long newAmount = product.price() * quantity;
			long period = Duration.between(subscription.previousBilling, subscription.nextBilling).toSeconds();
			long remaining = Math.max(0, Duration.between(now, subscription.nextBilling).toSeconds());
			double share = (period > 0) ? Math.min(1.0, (double) remaining / period) : 0.0;
			long gross;
			switch (mode) {
				case "difference_immediately" -> {
					gross = newAmount - oldAmount;
					this.prorationFactor = 1.0;
				}
				case "prorated_immediately" -> {
					gross = Math.round((newAmount - oldAmount) * share);
					this.prorationFactor = share;
				}
				case "full_immediately" -> {
					gross = scheduled ? 0 : newAmount;
					this.prorationFactor = 1.0;
				}
				default -> {
					gross = 0;
					this.prorationFactor = 0.0;
				}
			}
			if (gross < 0) {
				this.charge = 0;
				this.creditDelta = -gross;
			}
			else {
				long used = Math.min(subscription.credits, gross);
				this.charge = gross - used;
				this.creditDelta = -used;
			}
		}

		void applyTo(Subscription target) {
			target.productId = this.product.productId();
			target.quantity = this.quantity;
			target.credits += this.creditDelta;
			if (this.mode.equals("full_immediately")) {
				target.previousBilling = this.now;
				target.nextBilling = this.now.plus(Duration.ofDays(this.product.periodDays()));
			}
		}

	}

}
