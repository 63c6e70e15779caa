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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.CartLine;
import dev.upsell.test.simulator.StateModel.Customer;
import dev.upsell.test.simulator.StateModel.LocalPrice;
import dev.upsell.test.simulator.StateModel.Payment;
import dev.upsell.test.simulator.StateModel.Refund;
import dev.upsell.test.simulator.StateModel.Session;

/**
 * The simulator's data and payment rules: customers, products, payments, refunds and the work the simulator's
 * clock makes due. Every operation holds the one lock: the simulator is for tests, and serial behaviour makes it
 * deterministic. The payments API lives in {@link PaymentDesk}, checkout sessions in {@link CheckoutDesk}, subscriptions and plan changes in
 * {@link SubscriptionDesk}, under the same lock. Where the reference is silent, the source says "Guess".
 */
final class SimulatorState {

	/** How the simulator makes a payment's client secret (a stand-in: Dodo's are opaque). */
	static final String PAYMENT_SECRET = "pay_secret_";

	/** How the simulator makes a checkout session's client secret. */
	static final String SESSION_SECRET = "cs_secret_";

	/** The publishable key confirmed checkout sessions carry, for Dodo's checkout SDK. */
	static final String PUBLISHABLE_KEY = "pk_simulator";

	/** Guess: the smallest cart total Dodo charges, in minor units (Dodo names the error, not the amount). */
	static final long MINIMUM_TOTAL = 50;

	static final List<String> ADDRESS_FIELDS = List.of("country", "state", "city", "street", "zipcode");

	final Clock clock;

	final WebhookSender webhooks;

	final Supplier<String> baseUrl;

	final SimulatorModes modes;

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong sequence = new AtomicLong();

	final Map<String, Customer> customers = new LinkedHashMap<>();

	final Map<String, SimProduct> products = new LinkedHashMap<>();

	/** Localized prices by product, then by billing country. */
	final Map<String, Map<String, LocalPrice>> localizedPrices = new LinkedHashMap<>();

	final Map<String, SimAddon> addons = new LinkedHashMap<>();

	final Map<String, Payment> payments = new LinkedHashMap<>();

	/** Work the clock makes due: late settlements, authentication timeouts. */
	private final List<Due> due = new ArrayList<>();

	final SubscriptionDesk subscriptions;

	final SubscriptionUpdates subscriptionUpdates;

	final CheckoutDesk checkouts;

	final PaymentDesk paymentDesk;

	final DiscountDesk discounts;

	SimulatorState(Clock clock, WebhookSender webhooks, Supplier<String> baseUrl, SimulatorModes modes) {
		this.clock = clock;
		this.webhooks = webhooks;
		this.baseUrl = baseUrl;
		this.modes = modes;
		this.subscriptions = new SubscriptionDesk(this);
		this.subscriptionUpdates = new SubscriptionUpdates(this, this.subscriptions);
		this.checkouts = new CheckoutDesk(this);
		this.paymentDesk = new PaymentDesk(this);
		this.discounts = new DiscountDesk(this);
	}

	// ---- fixtures -------------------------------------------------------------------------------------

	synchronized void putCustomer(String customerId, String email, String name, List<SimCard> cards) {
		this.customers.put(customerId, new Customer(customerId, email, name, new ArrayList<>(cards)));
	}

	synchronized void addCard(String customerId, SimCard card) {
		List<SimCard> cards = customer(customerId).cards();
		// a card saved again under its id replaces it (the customer updated it)
		cards.removeIf((saved) -> saved.paymentMethodId().equals(card.paymentMethodId()));
		cards.add(card);
	}

	synchronized void putProduct(SimProduct product) {
		this.products.put(product.productId(), product);
	}

	synchronized void putAddon(SimAddon addon) {
		this.addons.put(addon.addonId(), addon);
	}

	synchronized void clear() {
		this.customers.clear();
		this.products.clear();
		this.localizedPrices.clear();
		this.addons.clear();
		this.payments.clear();
		this.checkouts.clear();
		this.due.clear();
		this.subscriptions.clear();
		this.discounts.clear();
	}

	synchronized List<SimPayment> payments() {
		return this.payments.values().stream().map(Payment::view).toList();
	}

	// ---- payment methods, products ------------------------------------------------------------------

	synchronized Map<String, Object> listPaymentMethods(String customerId) {
		Customer customer = customerOr404(customerId);
		List<Object> items = new ArrayList<>();
		for (SimCard card : customer.cards()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("payment_method_id", card.paymentMethodId());
			item.put("payment_method", card.kind());
			item.put("payment_method_type", card.isCard() ? "credit" : card.network());
			item.put("recurring_enabled", card.recurringEnabled());
			// SDK: last_used_at, nullable: the last succeeded payment made with it
			item.put("last_used_at", this.payments.values()
				.stream()
				.filter((payment) -> card.paymentMethodId().equals(payment.paymentMethodId)
						&& payment.status.equals("succeeded"))
				.map((payment) -> payment.createdAt)
				.max(Comparator.naturalOrder())
				.map(Instant::toString)
				.orElse(null));
			if (card.isCard()) {
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("card_holder_name", customer.name());
				details.put("card_issuing_country", card.issuingCountry());
				details.put("card_network", card.network());
				details.put("card_type", "credit");
				details.put("expiry_month", String.format("%02d", card.expiryMonth()));
				details.put("expiry_year", String.valueOf(card.expiryYear()));
				details.put("last4_digits", card.last4());
				item.put("card", details);
			}
			else {
				item.put("card", null);
			}
			items.add(item);
		}
		return Map.of("items", items);
	}

	synchronized Map<String, Object> getProduct(String productId) {
		SimProduct product = this.products.get(productId);
		if (product == null) {
			throw ApiError.notFound("Product", productId);
		}
		return SimulatorJson.product(product, this.clock.instant());
	}

	// ---- hosted payment pages, authentication, refunds -----------------------------------------------

	/**
	 * The customer pays a payment link ({@code /pay/{payment}}): a card entered there succeeds.
	 * @return where the page sends the customer next
	 */
	synchronized @Nullable String payPaymentLink(String paymentId) {
		Payment payment = paymentOr404(paymentId);
		if (payment.paymentLink == null || payment.isFinal()) {
			throw ApiError.invalid("INVALID_REQUEST", "Payment " + paymentId + " cannot be paid by link");
		}
		return payWaiting(payment);
	}

	/**
	 * The stand-in for Dodo's checkout SDK ({@code /sdk/{client_secret}}): the customer finishes a payment that
	 * waits for them, authenticating it (3-D Secure) or paying it with a card entered there.
	 * @param clientSecret the client secret Dodo's answer carried
	 * @param complete whether they finished (it succeeds) or cancelled
	 * @return where the page sends the customer next
	 */
	synchronized @Nullable String finishWithCheckoutSdk(String clientSecret, boolean complete) {
		Payment payment = paymentOfClientSecret(clientSecret);
		if (payment.status.equals("requires_customer_action")) {
			return authenticate(payment.id, complete);
		}
		if (payment.isFinal() || !complete) {
			throw ApiError.invalid("INVALID_REQUEST", "Payment " + payment.id + " is " + payment.status);
		}
		return payWaiting(payment);
	}

	/** What the checkout SDK stand-in shows for a client secret. */
	synchronized @Nullable String checkoutSdkPage(String clientSecret) {
		return paymentPage(paymentOfClientSecret(clientSecret).id);
	}

	/** Whether the payment behind a client secret waits for 3-D Secure (else for a card). */
	synchronized boolean awaitsAuthentication(String clientSecret) {
		return paymentOfClientSecret(clientSecret).status.equals("requires_customer_action");
	}

	private Payment paymentOfClientSecret(String clientSecret) {
		String paymentId = null;
		if (clientSecret.startsWith(PAYMENT_SECRET)) {
			paymentId = clientSecret.substring(PAYMENT_SECRET.length());
		}
		else if (clientSecret.startsWith(SESSION_SECRET)) {
			Session session = this.checkouts.find(clientSecret.substring(SESSION_SECRET.length()));
			paymentId = (session != null) ? session.paymentId : null;
		}
		Payment payment = (paymentId != null) ? this.payments.get(paymentId) : null;
		if (payment == null) {
			throw ApiError.notFound("Payment for client secret", clientSecret);
		}
		return payment;
	}

	private @Nullable String payWaiting(Payment payment) {
		if (payment.status.equals("requires_customer_action")) {
			return authenticate(payment.id, true);
		}
		payment.errorCode = null;
		payment.errorMessage = null;
		finish(payment, "succeeded", null, null);
		return null;
	}

	synchronized @Nullable String paymentPage(String paymentId) {
		Payment payment = paymentOr404(paymentId);
		return "Payment " + payment.id + ": " + payment.totalAmount + " " + payment.currency + " (" + payment.status + ")";
	}

	/**
	 * The customer finishes or abandons 3-D Secure on the hosted page.
	 * @param paymentId the payment that requires customer action
	 * @param complete whether they authenticated (it succeeds) or cancelled (it ends {@code cancelled})
	 * @return where the page sends the customer next
	 */
	synchronized @Nullable String authenticate(String paymentId, boolean complete) {
		Payment payment = paymentOr404(paymentId);
		if (!payment.status.equals("requires_customer_action")) {
			throw ApiError.invalid("INVALID_REQUEST", "Payment " + paymentId + " is " + payment.status
					+ ", not requires_customer_action");
		}
		if (complete) {
			finish(payment, "succeeded", null, null);
		}
		else {
			finish(payment, "cancelled", "AUTHENTICATION_CANCELLED", "The customer cancelled authentication");
		}
		Session session = (payment.sessionId != null) ? this.checkouts.find(payment.sessionId) : null;
		return (session != null) ? session.returnUrl : null;
	}

	/**
	 * Refunds a succeeded payment in full or in part: {@code refund.succeeded} with the Refund object.
	 * @param paymentId the payment
	 * @param amount minor units, or {@code null} for what is left to refund
	 * @return the refund id
	 */
	synchronized String refund(String paymentId, @Nullable Long amount, boolean settle) {
		Payment payment = paymentOr404(paymentId);
		if (!payment.status.equals("succeeded")) {
			throw ApiError.invalid("PAYMENT_NOT_REFUNDABLE", "Payment " + paymentId + " is " + payment.status);
		}
		long left = payment.totalAmount - payment.refunded();
		long refunded = (amount != null) ? amount : left;
		if (refunded < 1 || refunded > left) {
			throw ApiError.invalid("INVALID_REFUND_AMOUNT", "Refund amount must be between 1 and " + left);
		}
		Refund refund = new Refund(newId("ref"), refunded, this.clock.instant());
		payment.refunds.add(refund);
		payment.updatedAt = this.clock.instant();
		if (settle) {
			settleRefund(refund.id, true);
		}
		return refund.id;
	}

	/**
	 * A pending refund ends: {@code refund.succeeded}, or {@code refund.failed} (its amount is the payment's again).
	 */
	synchronized void settleRefund(String refundId, boolean succeeded) {
		for (Payment payment : this.payments.values()) {
			for (Refund refund : payment.refunds) {
				if (refund.id.equals(refundId)) {
					if (!refund.status.equals("pending")) {
						throw ApiError.invalid("INVALID_REQUEST", "Refund " + refundId + " is " + refund.status);
					}
					refund.status = succeeded ? "succeeded" : "failed";
					payment.updatedAt = this.clock.instant();
					this.webhooks.send(succeeded ? "refund.succeeded" : "refund.failed", SimulatorJson
						.withPayloadType("Refund", SimulatorJson.refund(payment, refund, this.customers.get(payment.customerId))));
					return;
				}
			}
		}
		throw ApiError.notFound("Refund", refundId);
	}

	/** Opens a dispute on a succeeded payment: {@code dispute.opened} (SDK {@code Dispute}). */
	synchronized String dispute(String paymentId, @Nullable Long amount) {
		Payment payment = paymentOr404(paymentId);
		if (!payment.status.equals("succeeded")) {
			throw ApiError.invalid("INVALID_REQUEST", "Payment " + paymentId + " is " + payment.status);
		}
		StateModel.Dispute dispute = new StateModel.Dispute(newId("dsp"), paymentId,
				(amount != null) ? amount : payment.totalAmount, this.clock.instant());
		payment.disputes.add(dispute);
		payment.updatedAt = this.clock.instant();
		this.webhooks.send("dispute.opened", SimulatorJson.withPayloadType("Dispute", SimulatorJson.dispute(payment, dispute)));
		return dispute.id;
	}

	/**
	 * An open dispute ends: {@code won}, {@code lost} or {@code accepted} ({@code dispute.won}, {@code dispute.lost},
	 * {@code dispute.accepted}).
	 */
	synchronized void closeDispute(String disputeId, String outcome) {
		if (!List.of("won", "lost", "accepted").contains(outcome)) {
			throw new IllegalArgumentException("A dispute ends won, lost or accepted, not " + outcome);
		}
		for (Payment payment : this.payments.values()) {
			for (StateModel.Dispute dispute : payment.disputes) {
				if (dispute.id.equals(disputeId)) {
					dispute.status = "dispute_" + outcome;
					payment.updatedAt = this.clock.instant();
					this.webhooks.send("dispute." + outcome,
							SimulatorJson.withPayloadType("Dispute", SimulatorJson.dispute(payment, dispute)));
					return;
				}
			}
		}
		throw ApiError.notFound("Dispute", disputeId);
	}

	synchronized long refunded(String paymentId) {
		Payment payment = this.payments.get(paymentId);
		return (payment != null) ? payment.refunded() : 0;
	}

	// ---- charging ------------------------------------------------------------------------------------

	Payment charge(String customerId, String paymentMethodId, List<CartLine> cart, String currency,
			Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId,
			Map<String, String> billing) {
		Customer customer = customerOr422(customerId);
		SimCard card = customer.cards()
			.stream()
			.filter((c) -> c.paymentMethodId().equals(paymentMethodId))
			.findFirst()
			.orElseThrow(() -> ApiError.invalid("PAYMENT_METHOD_NOT_FOUND",
					"Payment method " + paymentMethodId + " does not belong to customer " + customerId));
		Payment payment = newPayment(customerId, cart, currency, metadata, sessionId, subscriptionId);
		payment.billing = billing;
		settle(payment, card);
		return payment;
	}

	/** The address fields given, as text. */
	static Map<String, String> address(JsonNode node) {
		Map<String, String> address = new LinkedHashMap<>();
		for (String field : ADDRESS_FIELDS) {
			if (node.path(field).isString()) {
				address.put(field, node.path(field).asString());
			}
		}
		return address;
	}

	Payment newPayment(String customerId, List<CartLine> cart, String currency, Map<String, String> metadata,
			@Nullable String sessionId, @Nullable String subscriptionId) {
		return newPayment(customerId, cart, total(cart), cart.stream().mapToLong(CartLine::tax).sum(), currency,
				metadata, sessionId, subscriptionId);
	}

	Payment newPayment(String customerId, List<CartLine> cart, long total, long tax, String currency,
			Map<String, String> metadata, @Nullable String sessionId, @Nullable String subscriptionId) {
		Payment payment = new Payment(newId("pay"), customerId, cart, total, tax, currency, metadata, sessionId,
				subscriptionId, this.clock.instant());
		this.payments.put(payment.id, payment);
		return payment;
	}

	/**
	 * Charges the card. Immediate outcomes send {@code payment.succeeded} or {@code payment.failed}; a late
	 * settling card sends {@code payment.processing} now and the outcome after the settlement delay; a card
	 * that needs 3-D Secure waits for the customer ({@code requires_customer_action}, no event yet — guess).
	 */
	void settle(Payment payment, SimCard card) {
		payment.paymentMethodId = card.paymentMethodId();
		payment.card = card;
		YearMonth now = YearMonth.from(this.clock.instant().atZone(ZoneOffset.UTC));
		if (YearMonth.of(card.expiryYear(), card.expiryMonth()).isBefore(now)) {
			finish(payment, "failed", "EXPIRED_CARD", "The card has expired");
		}
		else if (!card.currencies().contains(payment.currency)) {
			finish(payment, "failed", "CURRENCY_NOT_SUPPORTED", "The card cannot be charged in " + payment.currency);
		}
		else {
			switch (card.behaviour()) {
				case SUCCEEDS -> finish(payment, "succeeded", null, null);
				case DECLINES -> finish(payment, "failed", "CARD_DECLINED", "The card was declined");
				case INSUFFICIENT_FUNDS ->
					finish(payment, "failed", "INSUFFICIENT_FUNDS", "The card has insufficient funds");
				case REQUIRES_AUTHENTICATION -> {
					// No link: Dodo gives none with a saved method (SDK checkout-sessions.d.ts, payments.d.ts);
					// the customer authenticates in Dodo's checkout SDK, loaded with the client_secret.
					payment.status = "requires_customer_action";
					at(this.modes.authenticationTimeout(), () -> {
						if (payment.status.equals("requires_customer_action")) {
							finish(payment, "failed", "AUTHENTICATION_REQUIRED",
									"The customer did not complete authentication");
						}
					});
				}
				case SETTLES_LATER, DECLINES_LATER -> {
					payment.status = "processing";
					this.webhooks.send("payment.processing", paymentEvent(payment), latest(payment));
					boolean declines = card.behaviour() == CardBehaviour.DECLINES_LATER;
					at(this.modes.settlementDelay(), () -> finish(payment, declines ? "failed" : "succeeded",
							declines ? "CARD_DECLINED" : null, declines ? "The card was declined" : null));
				}
			}
		}
	}

	/** A payment reaches its final status: one event, then whatever waits on it (a plan change, a renewal). */
	void finish(Payment payment, String status, @Nullable String errorCode, @Nullable String errorMessage) {
		payment.status = status;
		payment.errorCode = errorCode;
		payment.errorMessage = errorMessage;
		payment.updatedAt = this.clock.instant();
		this.webhooks.send("payment." + status, paymentEvent(payment), latest(payment));
		if (payment.onSettled != null) {
			var then = payment.onSettled;
			payment.onSettled = null;
			then.accept(payment);
		}
	}

	/** The payment's payload as it is when a delivery is made (reference Webhooks: the latest state). */
	Supplier<Map<String, Object>> latest(Payment payment) {
		return () -> {
			synchronized (this) {
				return paymentEvent(payment);
			}
		};
	}

	Map<String, Object> paymentEvent(Payment payment) {
		return SimulatorJson.withPayloadType("Payment",
				SimulatorJson.payment(payment, this.customers.get(payment.customerId), true));
	}

	// ---- the clock -----------------------------------------------------------------------------------

	/** Schedules work on the simulator's clock. */
	void at(Duration after, Runnable work) {
		this.due.add(new Due(this.clock.instant().plus(after), work));
	}

	/**
	 * Runs what the clock made due: late settlements, authentication timeouts, renewals and scheduled plan
	 * changes. Called by a background ticker and right after {@link SimulatorClock#advance(Duration)}.
	 */
	synchronized void tick() {
		Instant now = this.clock.instant();
		List<Due> ready = new ArrayList<>();
		for (Iterator<Due> iterator = this.due.iterator(); iterator.hasNext();) {
			Due next = iterator.next();
			if (!next.at.isAfter(now)) {
				ready.add(next);
				iterator.remove();
			}
		}
		ready.sort(Comparator.comparing(Due::at));
		ready.forEach((work) -> work.work.run());
		this.subscriptions.renewDue(now);
	}

	private record Due(Instant at, Runnable work) {
	}

	// ---- helpers -----------------------------------------------------------------------------------

	/**
	 * Reads a cart. Prices as Dodo has them: {@code amount} counts only for pay-what-you-want products (SDK:
	 * "If disabled, amount will be ignored"), is required for them (SDK error list:
	 * {@code PAY_AS_YOU_WANT_AMOUNT_REQUIRED}, 422 guessed) and may not be below the minimum. A cart whose total is
	 * below {@value #MINIMUM_TOTAL} minor units is refused ({@code TOTAL_PAYMENT_AMOUNT_BELOW_MINIMUM_AMOUNT}; the
	 * code is Dodo's, the minimum a guess). A usage-based product cannot be sold in a cart (guess: 422).
	 */
	List<CartLine> cart(JsonNode node, int max) {
		return cart(node, max, null);
	}

	/**
	 * Reads a cart for a buyer of a billing country: a product with a localized price for that country is priced
	 * in it (SDK 2.52 docs: localized prices by country are applied at checkout).
	 */
	List<CartLine> cart(JsonNode node, int max, @Nullable String country) {
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
			if (product.usageBased()) {
				throw ApiError.invalid("INVALID_REQUEST", "Product " + productId + " is usage-based and has no price");
			}
			LocalPrice local = (country != null)
					? this.localizedPrices.getOrDefault(productId, Map.of()).get(country.toUpperCase(java.util.Locale.ROOT))
					: null;
			long unit = (local != null) ? local.price() : product.price();
			if (product.payWhatYouWant() && !item.path("amount").isNumber()) {
				throw ApiError.invalid("PAY_AS_YOU_WANT_AMOUNT_REQUIRED",
						"Product " + productId + " is pay-what-you-want: its cart line needs an amount");
			}
			if (product.payWhatYouWant()) {
				unit = item.path("amount").asLong();
				if (unit < product.price()) {
					throw ApiError.invalid("INVALID_REQUEST", "amount " + unit + " is below the minimum price "
							+ product.price() + " of " + productId);
				}
			}
			SimProduct.Amounts amounts = product.amounts(unit, quantity);
			lines.add(new CartLine(productId, quantity, unit, amounts.total(), amounts.tax(),
					(local != null) ? local.currency() : null));
		}
		if (total(lines) < MINIMUM_TOTAL) {
			throw ApiError.invalid("TOTAL_PAYMENT_AMOUNT_BELOW_MINIMUM_AMOUNT",
					"The total " + total(lines) + " is below the minimum amount " + MINIMUM_TOTAL);
		}
		return lines;
	}

	static long total(List<CartLine> cart) {
		return cart.stream().mapToLong(CartLine::total).sum();
	}

	String currency(@Nullable String requested, List<CartLine> cart) {
		String currency = currencyOf(cart.get(0));
		for (CartLine line : cart) {
			if (!currencyOf(line).equals(currency)) {
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

	private String currencyOf(CartLine line) {
		return (line.currency() != null) ? line.currency() : product(line.productId()).currency();
	}

	/** Sets a product's localized price for buyers of a country. */
	synchronized void localizePrice(String productId, String country, long price, String currency) {
		product(productId);
		this.localizedPrices.computeIfAbsent(productId, (id) -> new LinkedHashMap<>())
			.put(country.toUpperCase(java.util.Locale.ROOT), new LocalPrice(price, currency));
	}

	static Map<String, String> metadata(JsonNode body) {
		Map<String, String> metadata = new LinkedHashMap<>();
		JsonNode node = body.path("metadata");
		if (node.isObject()) {
			node.properties().forEach((entry) -> metadata.put(entry.getKey(), entry.getValue().asString()));
		}
		return metadata;
	}

	String newId(String prefix) {
		byte[] bytes = new byte[8];
		this.random.nextBytes(bytes);
		return prefix + "_" + this.sequence.incrementAndGet() + HexFormat.of().formatHex(bytes);
	}

	Customer customer(String customerId) {
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

	Customer customerOr422(String customerId) {
		Customer customer = this.customers.get(customerId);
		if (customer == null) {
			throw ApiError.invalid("CUSTOMER_NOT_FOUND", "Customer " + customerId + " not found");
		}
		return customer;
	}

	Payment paymentOr404(String paymentId) {
		Payment payment = this.payments.get(paymentId);
		if (payment == null) {
			throw ApiError.notFound("Payment", paymentId);
		}
		return payment;
	}

	SimProduct product(String productId) {
		SimProduct product = this.products.get(productId);
		if (product == null) {
			throw new IllegalArgumentException("No simulated product " + productId);
		}
		return product;
	}

}
