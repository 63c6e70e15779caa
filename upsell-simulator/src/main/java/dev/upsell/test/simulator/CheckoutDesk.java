package dev.upsell.test.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.CartLine;
import dev.upsell.test.simulator.StateModel.Customer;
import dev.upsell.test.simulator.StateModel.Payment;
import dev.upsell.test.simulator.StateModel.Session;

/**
 * Checkout sessions: {@code POST /checkouts} (a hosted page, or a saved card charged with {@code confirm: true}),
 * {@code GET /checkouts/{id}}, and the hosted page's payment. Under {@link SimulatorState}'s one lock.
 */
final class CheckoutDesk {

	/** A checkout session lives 24 h, 15 min when confirmed (reference: Basics). */
	private static final Duration SESSION_LIFETIME = Duration.ofHours(24);

	private static final Duration CONFIRMED_SESSION_LIFETIME = Duration.ofMinutes(15);

	/**
	 * What the simulated checkout page collects from a customer the session gave no address for. Guess: Dodo's
	 * page asks for the country and the zipcode (the fields {@code minimal_address} keeps), not a full address.
	 */
	private static final Map<String, String> HOSTED_PAGE_ADDRESS = Map.of("country", "US", "zipcode", "94105");

	private final SimulatorState state;

	private final Map<String, Session> sessions = new LinkedHashMap<>();

	CheckoutDesk(SimulatorState state) {
		this.state = state;
	}

	/** A session, if it exists (under the state's lock). */
	@Nullable Session find(String sessionId) {
		return this.sessions.get(sessionId);
	}

	/** Forgets every session (under the state's lock). */
	void clear() {
		this.sessions.clear();
	}

	/** {@code POST /checkouts}: a hosted page, or with {@code confirm: true} a saved card charged now. */
	Map<String, Object> create(JsonNode body) {
		synchronized (this.state) {
			List<CartLine> cart = this.state.cart(body.path("product_cart"), 20,
					body.path("billing_address").path("country").asString(null));
			String customerId = body.path("customer").path("customer_id").asString(null);
			String paymentMethodId = body.path("payment_method_id").asString(null);
			boolean confirm = body.path("confirm").asBoolean(false);
			if (paymentMethodId != null && !confirm) {
				throw ApiError.invalid("INVALID_REQUEST", "payment_method_id requires confirm: true");
			}
			if (paymentMethodId != null && customerId == null) {
				throw ApiError.invalid("INVALID_REQUEST", "payment_method_id requires an existing customer_id");
			}
			if (confirm && this.state.modes.strictBillingAddress()) {
				requireBillingAddress(body.path("billing_address"), body.path("minimal_address").asBoolean(false));
			}
			if (customerId != null) {
				this.state.customerOr422(customerId);
			}
			String currency = this.state.currency(body.path("billing_currency").asString(null), cart);
			DiscountDesk.Priced priced = this.state.discounts.onCart(body, customerId, cart);
			cart = priced.cart();
			Session session = new Session(this.state.newId("cks"), this.state.clock.instant(),
					confirm ? CONFIRMED_SESSION_LIFETIME : SESSION_LIFETIME, customerId, cart,
					SimulatorState.metadata(body), body.path("return_url").asString(null), currency);
			session.billing = SimulatorState.address(body.path("billing_address"));
			session.discountIds = priced.discountIds();
			this.sessions.put(session.id, session);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("session_id", session.id);
			if (paymentMethodId != null) {
				// a subscription product starts its subscription with the saved card's payment, as on the page
				String subscriptionId = startsSubscription(customerId, session);
				Payment payment = this.state.charge(customerId, paymentMethodId, cart, currency, session.metadata,
						session.id, subscriptionId, SimulatorState.address(body.path("billing_address")));
				session.paymentId = payment.id;
				paid(session, customerId, subscriptionId, !"failed".equals(payment.status));
				// SDK checkout-sessions.d.ts: checkout_url is "None when payment_method_id is provided", also when
				// the bank asks for 3-D Secure; the customer finishes it in Dodo's checkout SDK (client_secret).
				json.put("checkout_url", null);
				json.put("payment_id", payment.id);
			}
			else {
				json.put("checkout_url", this.state.baseUrl.get() + "/checkout/" + session.id);
				json.put("payment_id", null);
			}
			json.put("client_secret", SimulatorState.SESSION_SECRET + session.id);
			json.put("publishable_key", confirm ? SimulatorState.PUBLISHABLE_KEY : null);
			return json;
		}
	}

	/**
	 * {@code POST /checkouts/preview} (SDK {@code CheckoutSessionPreviewResponse}): the figures the same body would
	 * be charged at, localized prices for its billing country included. Only the fields dodo-upsell reads, and
	 * the required ones. Guess: the refusals are those of {@code POST /checkouts} without the address rule.
	 */
	Map<String, Object> preview(JsonNode body) {
		synchronized (this.state) {
			String country = body.path("billing_address").path("country").asString(null);
			List<CartLine> cart = this.state.cart(body.path("product_cart"), 20, country);
			String currency = this.state.currency(body.path("billing_currency").asString(null), cart);
			long subtotal = SimulatorState.total(cart) - cart.stream().mapToLong(CartLine::tax).sum();
			cart = this.state.discounts.onCart(body, body.path("customer").path("customer_id").asString(null), cart)
				.cart();
			long total = SimulatorState.total(cart);
			long tax = cart.stream().mapToLong(CartLine::tax).sum();
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("billing_country", (country != null) ? country : "US");
			json.put("currency", currency);
			json.put("current_breakup", Map.of("subtotal", subtotal, "discount", subtotal - (total - tax), "tax", tax,
					"total_amount", total));
			json.put("is_byop", false);
			json.put("payment_method_required", true);
			json.put("product_cart", cart.stream().map((line) -> (Object) Map.of("product_id", line.productId(),
					"quantity", line.quantity(), "discounted_price", line.unitPrice(), "currency", currency)).toList());
			json.put("total_price", total);
			json.put("total_tax", tax);
			return json;
		}
	}

	/**
	 * Dodo's docs: with {@code confirm: true} "all billing address fields become required"; SDK 2.52:
	 * {@code minimal_address: true} makes only the zipcode required (and {@code country}, required by the type).
	 * Guess: the error is 422 {@code INVALID_REQUEST} naming the missing fields.
	 */
	private static void requireBillingAddress(JsonNode address, boolean minimal) {
		List<String> required = minimal ? List.of("country", "zipcode") : SimulatorState.ADDRESS_FIELDS;
		List<String> missing = required.stream()
			.filter((field) -> !address.path(field).isString() || address.path(field).asString().isBlank())
			.toList();
		if (!missing.isEmpty()) {
			throw ApiError.invalid("INVALID_REQUEST", "billing_address." + String.join(", billing_address.", missing)
					+ (minimal ? " required with minimal_address" : " required when confirm is true"));
		}
	}

	/**
	 * The customer pays on the hosted checkout page (a card entered there, not a saved one). A subscription
	 * product starts a subscription ({@code subscription.active}).
	 * @return the session's return URL, if any
	 */
	@Nullable String complete(String sessionId) {
		synchronized (this.state) {
			Session session = session(sessionId);
			if (session.paymentId == null) {
				if (!this.state.clock.instant().isBefore(session.expiresAt)) {
					// Guess: Dodo's page refuses an expired session; the code is ours.
					throw ApiError.invalid("CHECKOUT_SESSION_EXPIRED", "Checkout session " + sessionId + " has expired");
				}
				String customerId = (session.customerId != null) ? session.customerId : "cus_guest";
				// Guess (marked in the fidelity table): a code is checked again when the page is paid; one that expired
				// or was used up since the session was made is refused, never taken off silently
				this.state.discounts.requireRedeemable(session.discountIds, customerId,
						session.cart.stream().map(CartLine::productId).toList());
				String subscriptionId = startsSubscription(customerId, session);
				Payment payment = this.state.newPayment(customerId, session.cart, session.currency, session.metadata, session.id,
						subscriptionId);
				session.paymentId = payment.id;
				payment.billing = session.billing.isEmpty() ? HOSTED_PAGE_ADDRESS : session.billing;
				this.state.finish(payment, "succeeded", null, null);
				paid(session, customerId, subscriptionId, true);
			}
			return session.returnUrl;
		}
	}

	/** The subscription a session's first line starts, when it is a subscription product. */
	private @Nullable String startsSubscription(String customerId, Session session) {
		CartLine first = session.cart.get(0);
		SimProduct product = this.state.products.get(first.productId());
		return (product != null && product.recurring())
				? this.state.subscriptions.start(customerId, product, first.quantity(), session.metadata) : null;
	}

	/**
	 * A session's payment was made: its discount codes count a use, a subscription it started carries them and is
	 * active. Guess: a declined card uses no code, and its subscription is {@code failed} (SDK SubscriptionStatus).
	 */
	private void paid(Session session, String customerId, @Nullable String subscriptionId, boolean made) {
		if (!made) {
			if (subscriptionId != null) {
				this.state.subscriptions.subscriptionOr404(subscriptionId).status = "failed";
			}
			return;
		}
		this.state.discounts.redeem(session.discountIds, customerId);
		if (subscriptionId != null) {
			this.state.discounts.attach(this.state.subscriptions.subscriptionOr404(subscriptionId), session.discountIds);
			this.state.subscriptions.sendEvent("subscription.active", subscriptionId);
		}
	}

	/** What the hosted page shows: each product by name, its quantity, and the amount to pay. */
	@Nullable String page(String sessionId) {
		synchronized (this.state) {
			Session session = session(sessionId);
			StringBuilder page = new StringBuilder();
			for (CartLine line : session.cart) {
				SimProduct product = this.state.products.get(line.productId());
				page.append((product != null) ? product.name() : line.productId())
					.append(" \u00d7 ")
					.append(line.quantity())
					.append(", ");
			}
			long total = SimulatorState.total(session.cart);
			return page.append("to pay: ")
				.append(java.math.BigDecimal.valueOf(total,
						java.util.Currency.getInstance(session.currency).getDefaultFractionDigits()).toPlainString())
				.append(' ')
				.append(session.currency)
				.toString();
		}
	}

	/** {@code GET /checkouts/{id}}. */
	Map<String, Object> get(String sessionId) {
		synchronized (this.state) {
			Session session = session(sessionId);
			Payment payment = (session.paymentId != null) ? this.state.payments.get(session.paymentId) : null;
			Customer customer = (session.customerId != null) ? this.state.customers.get(session.customerId) : null;
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", session.id);
			json.put("created_at", session.createdAt.toString());
			json.put("payment_id", session.paymentId);
			json.put("payment_status", (payment != null) ? payment.status : null);
			json.put("customer_email", (customer != null) ? customer.email() : null);
			json.put("customer_name", (customer != null) ? customer.name() : null);
			return json;
		}
	}

	private Session session(String sessionId) {
		Session session = this.sessions.get(sessionId);
		if (session == null) {
			throw ApiError.notFound("Checkout session", sessionId);
		}
		return session;
	}

}
