package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.CartLine;
import dev.upsell.test.simulator.StateModel.Customer;
import dev.upsell.test.simulator.StateModel.Payment;
import dev.upsell.test.simulator.StateModel.Subscription;

/**
 * Subscriptions on the simulator: plan changes and their previews, billing on the simulator's clock, addons,
 * cancellation. Every method holds the {@link SimulatorState} lock.
 * <p>
 * Sources: reference "Subscriptions"; SDK 2.52 (addons, {@code on_payment_failure}, {@code scheduled_change}).
 * Guesses are marked where they are made.
 */
final class SubscriptionDesk {

	/** Guess: Payment Retries' "progressive back-off" (1, 3, 7 and 13 days after the failure: the 13-day window). */
	private static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofDays(1), Duration.ofDays(2),
			Duration.ofDays(4), Duration.ofDays(6));

	private static final List<String> MODES = List.of("prorated_immediately", "full_immediately",
			"difference_immediately", "do_not_bill");

	/** Guess: a plan change kept pending by {@code prevent_change} is dropped when its payment is not paid in a day. */
	private static final Duration PENDING_CHANGE_LIFETIME = Duration.ofDays(1);

	private final SimulatorState state;

	private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	SubscriptionDesk(SimulatorState state) {
		this.state = state;
	}

	// ---- fixtures and inspection ------------------------------------------------------------------

	void put(String subscriptionId, String customerId, String productId, int quantity, String status) {
		synchronized (this.state) {
			Customer customer = this.state.customer(customerId);
			SimProduct product = this.state.product(productId);
			if (!product.recurring()) {
				throw new IllegalArgumentException(productId + " is not a subscription product");
			}
			Instant now = this.state.clock.instant();
			Duration half = Duration.ofDays(product.periodDays()).dividedBy(2);
			Subscription subscription = new Subscription(subscriptionId, customer.id(), productId, quantity, status,
					now.minus(half), now.plus(half), product.currency());
			subscription.paymentMethodId = customer.cards().isEmpty() ? null : customer.cards().get(0).paymentMethodId();
			this.subscriptions.put(subscriptionId, subscription);
		}
	}

	void status(String subscriptionId, String status) {
		synchronized (this.state) {
			fixture(subscriptionId).status = status;
		}
	}

	void pendingPlanChange(String subscriptionId, boolean pending) {
		synchronized (this.state) {
			fixture(subscriptionId).pendingChangeFixture = pending;
		}
	}

	void addons(String subscriptionId, Map<String, Integer> addons) {
		synchronized (this.state) {
			for (String addonId : addons.keySet()) {
				if (!this.state.addons.containsKey(addonId)) {
					throw new IllegalArgumentException("No simulated addon " + addonId);
				}
			}
			fixture(subscriptionId).addons = new LinkedHashMap<>(addons);
		}
	}

	@Nullable SimSubscription view(String subscriptionId) {
		synchronized (this.state) {
			Subscription subscription = this.subscriptions.get(subscriptionId);
			return (subscription != null) ? subscription.view() : null;
		}
	}

	void clear() {
		this.subscriptions.clear();
	}

	/** Starts a subscription paid on a hosted checkout; its first period starts now. */
	String start(String customerId, SimProduct product, int quantity) {
		return start(customerId, product, quantity, Map.of());
	}

	/** Starts a subscription from a checkout, carrying the checkout's metadata (SDK: subscriptions carry metadata). */
	String start(String customerId, SimProduct product, int quantity, Map<String, String> metadata) {
		Instant now = this.state.clock.instant();
		String id = this.state.newId("sub");
		Subscription subscription = new Subscription(id, customerId, product.productId(), quantity, "active", now,
				now.plus(Duration.ofDays(product.periodDays())), product.currency());
		subscription.metadata = Map.copyOf(metadata);
		this.subscriptions.put(id, subscription);
		return id;
	}

	/**
	 * Cancels a subscription now: {@code subscription.cancelled} (SDK: {@code PATCH /subscriptions/{id}} with
	 * {@code status: cancelled}).
	 */
	void cancel(String subscriptionId) {
		synchronized (this.state) {
			Subscription subscription = subscriptionOr404(subscriptionId);
			if (subscription.status.equals("cancelled")) {
				throw ApiError.invalid("INVALID_REQUEST", "Subscription " + subscriptionId + " is already cancelled");
			}
			subscription.status = "cancelled";
			subscription.cancelledAt = this.state.clock.instant();
			subscription.scheduledProductId = null;
			sendEvent("subscription.cancelled", subscriptionId);
		}
	}

	void sendEvent(String type, String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		// each delivery carries the subscription as it is then (reference Webhooks: the latest state)
		this.state.webhooks.send(type, SimulatorJson.withPayloadType("Subscription", json(subscription)), () -> {
			synchronized (this.state) {
				return SimulatorJson.withPayloadType("Subscription", json(subscription));
			}
		});
	}

	// ---- the API ------------------------------------------------------------------------------------

	Map<String, Object> get(String subscriptionId) {
		synchronized (this.state) {
			return json(subscriptionOr404(subscriptionId));
		}
	}

	Map<String, Object> preview(String subscriptionId, JsonNode body) {
		synchronized (this.state) {
			PlanChangeFigures change = figures(subscriptionId, body);
			List<DiscountDesk.Discount> redeemed = this.state.discounts.redeemable(body,
					change.subscription.customerId, change.product.productId());
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("total_amount", change.total());
			summary.put("currency", change.subscription.currency);
			summary.put("customer_credits", change.creditDelta);
			summary.put("settlement_amount", change.total());
			summary.put("settlement_currency", change.subscription.currency);
			summary.put("tax", change.tax);
			summary.put("settlement_tax", change.tax);
			List<Object> lines = new java.util.ArrayList<>();
			lines.add(line("subscription", change.subscription.id, change.product.productId(), change.quantity,
					change.product.price(), change.prorationFactor, change.product));
			change.addons.forEach((addonId, quantity) -> {
				SimAddon addon = this.state.addons.get(addonId);
				lines.add(line("addon", addonId, null, quantity, addon.price(), change.prorationFactor, change.product));
			});
			Map<String, Object> charge = new LinkedHashMap<>();
			charge.put("effective_at", change.effectiveAt.toString());
			charge.put("line_items", lines);
			charge.put("summary", summary);
			Subscription after = change.subscription.copy();
			if (!change.scheduled) {
				change.applyTo(after);
				this.state.discounts.apply(after, redeemed, false);
				if (body.path("cancel_scheduled_change_plan").asBoolean(false)) {
					after.scheduledProductId = null;
				}
			}
			else {
				after.scheduledProductId = change.product.productId();
				after.scheduledQuantity = change.quantity;
				after.scheduledAddons = change.addons;
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("immediate_charge", charge);
			json.put("new_plan", json(after));
			return json;
		}
	}

	/**
	 * Changes the plan. A charge that succeeds applies the change ({@code subscription.plan_changed}). One that
	 * fails follows {@code on_payment_failure} (omitted: the business default, {@code apply_change} unless
	 * {@link SimulatorModes#planChangeFailureDefault(String) configured}): {@code apply_change} changes the plan
	 * and puts the subscription {@code on_hold} ({@code subscription.on_hold}); {@code prevent_change} keeps the
	 * plan and the change pending, and another change answers 409 until the pending change is dropped (guess:
	 * after a day on the simulator's clock). A charge
	 * not settled yet (late settlement, 3-D Secure) keeps the change pending until it settles.
	 */
	Map<String, Object> change(String subscriptionId, JsonNode body) {
		synchronized (this.state) {
			PlanChangeFigures change = figures(subscriptionId, body);
			Subscription subscription = change.subscription;
			List<DiscountDesk.Discount> redeemed = this.state.discounts.redeemable(body, subscription.customerId,
					change.product.productId());
			boolean replacing = body.path("cancel_scheduled_change_plan").asBoolean(false);
			change.onApplied = (applied) -> {
				this.state.discounts.apply(applied, redeemed, true);
				if (replacing && !change.scheduled) {
					// cancelled by the change that applies; one that never applies leaves the schedule in place
					applied.scheduledProductId = null;
					applied.onScheduledChange = null;
				}
			};
			String policy = body.path("on_payment_failure").asString(this.state.modes.planChangeFailureDefault());
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("payment_id", null);
			json.put("payment_link", null);
			json.put("client_secret", null);
			json.put("expires_on", null);
			if (change.scheduled) {
				subscription.scheduledProductId = change.product.productId();
				subscription.scheduledQuantity = change.quantity;
				subscription.scheduledAddons = change.addons;
				subscription.scheduledAt = this.state.clock.instant();
				// guess: a scheduled change's discount codes apply with the change, at the billing date
				subscription.onScheduledChange = change.onApplied;
				return json;
			}
			if (change.total() <= 0) {
				apply(change);
				return json;
			}
			Customer customer = this.state.customer(subscription.customerId);
			SimCard card = customer.cards()
				.stream()
				.filter((c) -> c.paymentMethodId().equals(subscription.paymentMethodId))
				.findFirst()
				.orElse(null);
			Payment payment = this.state.newPayment(subscription.customerId,
					List.of(new CartLine(change.product.productId(), change.quantity, change.product.price(),
							change.total(), change.tax)),
					change.total(), change.tax, subscription.currency,
					// SDK change-plan metadata: "If not passed, the metadata of the subscription will be taken"
					body.has("metadata") ? SimulatorState.metadata(body) : subscription.metadata, null, subscription.id);
			payment.onSettled = (settled) -> settled(change, policy, settled);
			json.put("payment_id", payment.id);
			json.put("client_secret", SimulatorState.PAYMENT_SECRET + payment.id);
			if (card == null) {
				payment.status = "requires_payment_method";
				pend(subscription, payment);
			}
			else {
				this.state.settle(payment, card);
				if (!payment.isFinal()) {
					pend(subscription, payment);
				}
				else if (payment.status.equals("failed") && policy.equals("prevent_change")) {
					pend(subscription, payment);
				}
			}
			// SDK (subscriptions.d.ts, change-plan): a payment link comes "only with collect_via_payment_link";
			// otherwise the client_secret is how the customer completes the payment (3-D Secure, a new card)
			boolean collect = body.path("collect_via_payment_link").asBoolean(false);
			if (collect && !payment.isFinal() && payment.paymentLink == null) {
				payment.paymentLink = this.state.baseUrl.get() + "/pay/" + payment.id;
			}
			String link = (collect && !payment.isFinal()) ? payment.paymentLink : null;
			json.put("payment_link", link);
			json.put("expires_on", (link != null) ? this.state.clock.instant().plus(PENDING_CHANGE_LIFETIME).toString() : null);
			return json;
		}
	}

	private void pend(Subscription subscription, Payment payment) {
		subscription.pendingChangePaymentId = payment.id;
		this.state.at(PENDING_CHANGE_LIFETIME, () -> {
			if (payment.id.equals(subscription.pendingChangePaymentId) && !payment.status.equals("succeeded")) {
				subscription.pendingChangePaymentId = null;
				payment.onSettled = null;
			}
		});
	}

	/** The plan change's payment settled (at once, later, or paid by its link). */
	private void settled(PlanChangeFigures change, String policy, Payment payment) {
		Subscription subscription = change.subscription;
		if (payment.status.equals("succeeded")) {
			subscription.pendingChangePaymentId = null;
			apply(change);
			return;
		}
		if (policy.equals("apply_change")) {
			subscription.pendingChangePaymentId = null;
			apply(change);
			subscription.status = "on_hold";
			sendEvent("subscription.on_hold", subscription.id);
		}
		else {
			// prevent_change: the plan stays; the change waits (guess: a day) in case the payment is paid after all
			payment.onSettled = (paid) -> settled(change, policy, paid);
		}
	}

	private void apply(PlanChangeFigures change) {
		change.applyTo(change.subscription);
		sendEvent("subscription.plan_changed", change.subscription.id);
	}

	void cancelScheduled(String subscriptionId) {
		synchronized (this.state) {
			Subscription subscription = subscriptionOr404(subscriptionId);
			if (subscription.scheduledProductId == null) {
				throw ApiError.notFound("Scheduled plan change of subscription", subscriptionId);
			}
			subscription.scheduledProductId = null;
		}
	}

	// ---- billing on the clock --------------------------------------------------------------------------

	/**
	 * Renews every active subscription whose {@code next_billing_date} has come: a scheduled plan change applies
	 * first ({@code subscription.plan_changed}), then the period is charged on the saved card (credit first):
	 * success renews it ({@code subscription.renewed}), failure or no card puts it {@code on_hold}
	 * ({@code subscription.on_hold}). Several periods passed renew one by one. Caller holds the lock.
	 */
	void renewDue(Instant now) {
		for (Subscription subscription : List.copyOf(this.subscriptions.values())) {
			renewIfDue(subscription, now);
		}
	}

	/** Renews one subscription whose billing date has come (a resumed one). Caller holds the lock. */
	void renewIfDue(Subscription subscription, Instant now) {
		while (subscription.status.equals("active") && !subscription.nextBilling.isAfter(now)) {
			renew(subscription);
		}
	}

	private void renew(Subscription subscription) {
		if (subscription.cancelAtNextBillingDate) {
			// SDK: "the subscription will remain active until the end of billing period", then it is cancelled
			subscription.status = "cancelled";
			subscription.cancelledAt = subscription.nextBilling;
			subscription.scheduledProductId = null;
			sendEvent("subscription.cancelled", subscription.id);
			return;
		}
		if (subscription.scheduledProductId != null) {
			subscription.productId = subscription.scheduledProductId;
			subscription.quantity = subscription.scheduledQuantity;
			subscription.addons = new LinkedHashMap<>(subscription.scheduledAddons);
			subscription.scheduledProductId = null;
			if (subscription.onScheduledChange != null) {
				subscription.onScheduledChange.accept(subscription);
				subscription.onScheduledChange = null;
			}
			sendEvent("subscription.plan_changed", subscription.id);
		}
		SimProduct product = this.state.product(subscription.productId);
		long amount = this.state.discounts.renewalAmount(subscription,
				product.price() * subscription.quantity + addonAmount(subscription.addons));
		long used = Math.min(subscription.credits, amount);
		subscription.credits -= used;
		SimProduct.Amounts due = product.amounts(amount - used, 1);
		Duration period = Duration.ofDays(product.periodDays());
		subscription.previousBilling = subscription.nextBilling;
		subscription.nextBilling = subscription.nextBilling.plus(period);
		chargeRenewal(subscription, new CartLine(product.productId(), subscription.quantity, product.price(),
				due.total(), due.tax()), 0);
	}

	/**
	 * Charges a renewal, or a retry of one: success renews (or, for a retry, reactivates) the subscription; a failure
	 * puts it {@code on_hold} (Dodo's docs: "the subscription moves to the on_hold state") and, with Payment Retries
	 * on, schedules the next retry of a soft decline within the recovery window.
	 */
	private void chargeRenewal(Subscription subscription, CartLine line, int attempt) {
		SimCard card = this.state.customer(subscription.customerId)
			.cards()
			.stream()
			.filter((c) -> c.paymentMethodId().equals(subscription.paymentMethodId))
			.findFirst()
			.orElse(null);
		if (card == null) {
			subscription.status = "on_hold";
			sendEvent("subscription.on_hold", subscription.id);
			return;
		}
		Payment payment = this.state.newPayment(subscription.customerId, List.of(line),
				// Guess: a renewal's payment carries the subscription's metadata, as a plan change's does without its own
				line.total(), line.tax(), subscription.currency, subscription.metadata, null, subscription.id);
		payment.retryAttempt = attempt;
		payment.onSettled = (settled) -> {
			if (settled.status.equals("succeeded")) {
				if (attempt > 0) {
					subscription.status = "active";
					sendEvent("subscription.active", subscription.id);
				}
				sendEvent("subscription.renewed", subscription.id);
				return;
			}
			if (attempt == 0) {
				subscription.status = "on_hold";
				sendEvent("subscription.on_hold", subscription.id);
			}
			boolean soft = "CARD_DECLINED".equals(settled.errorCode) || "INSUFFICIENT_FUNDS".equals(settled.errorCode);
			if (this.state.modes.paymentRetries() && soft && attempt < RETRY_BACKOFF.size()) {
				this.state.at(RETRY_BACKOFF.get(attempt), () -> {
					if (subscription.status.equals("on_hold")) {
						chargeRenewal(subscription, line, attempt + 1);
					}
				});
			}
		};
		this.state.settle(payment, card);
	}

	// ---- helpers --------------------------------------------------------------------------------------

	/** Validates a plan change request and computes its figures, without changing anything. */
	private PlanChangeFigures figures(String subscriptionId, JsonNode body) {
		Subscription subscription = subscriptionOr404(subscriptionId);
		String productId = body.path("product_id").asString(null);
		if (productId == null) {
			throw ApiError.invalid("INVALID_REQUEST", "product_id is required");
		}
		JsonNode quantityNode = body.path("quantity");
		if (!quantityNode.isIntegralNumber() || !quantityNode.canConvertToInt() || quantityNode.asInt() < 1) {
			throw ApiError.invalid("INVALID_REQUEST", "quantity must be a whole number of at least 1");
		}
		int quantity = quantityNode.asInt();
		String mode = body.path("proration_billing_mode").asString(null);
		if (mode == null || !MODES.contains(mode)) {
			throw ApiError.invalid("INVALID_REQUEST", "proration_billing_mode is missing or unknown");
		}
		String effectiveAt = body.path("effective_at").asString("immediately");
		if (!effectiveAt.equals("immediately") && !effectiveAt.equals("next_billing_date")) {
			throw ApiError.invalid("INVALID_REQUEST", "effective_at is unknown");
		}
		String onFailure = body.path("on_payment_failure").asString(null);
		if (onFailure != null && !onFailure.equals("apply_change") && !onFailure.equals("prevent_change")) {
			throw ApiError.invalid("INVALID_REQUEST", "on_payment_failure is apply_change or prevent_change");
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
		if (subscription.cancelAtNextBillingDate) {
			// reference error codes: PLAN_CHANGE_NOT_ALLOWED_FOR_SCHEDULED_CANCELLATION (guess: 422, as validation)
			throw ApiError.invalid("PLAN_CHANGE_NOT_ALLOWED_FOR_SCHEDULED_CANCELLATION",
					"Subscription " + subscriptionId + " is cancelled at its next billing date");
		}
		if (subscription.hasPendingChange()) {
			throw new ApiError(409, "PENDING_PLAN_CHANGE_EXISTS",
					"Subscription " + subscriptionId + " has a plan change awaiting payment");
		}
		// SDK cancel_scheduled_change_plan: "The scheduled change is cancelled by the transaction that applies this
		// change"; "a preview that sets this field also passes the scheduled-change 409"
		if (subscription.scheduledProductId != null && !body.path("cancel_scheduled_change_plan").asBoolean(false)) {
			throw new ApiError(409, "SCHEDULED_PLAN_CHANGE_EXISTS",
					"Subscription " + subscriptionId + " has a scheduled plan change");
		}
		SimProduct product = this.state.products.get(productId);
		if (product == null || !product.recurring()) {
			// Guess: Dodo answers 422 for an unknown or non-subscription product here.
			throw ApiError.invalid("INVALID_PRODUCT", "Product " + productId + " is not a subscription product");
		}
		if (!product.currency().equals(subscription.currency)) {
			throw ApiError.invalid("CURRENCY_MISMATCH",
					"Product " + productId + " is priced in " + product.currency() + ", the subscription in "
							+ subscription.currency);
		}
		// SDK: "Leaving this empty would remove any existing addons".
		Map<String, Integer> addons = new LinkedHashMap<>();
		for (JsonNode addon : body.path("addons")) {
			String addonId = addon.path("addon_id").asString(null);
			int addonQuantity = addon.path("quantity").asInt(0);
			if (addonId == null || !this.state.addons.containsKey(addonId) || addonQuantity < 1) {
				throw ApiError.invalid("INVALID_ADDON", "addons need a known addon_id and quantity >= 1");
			}
			addons.put(addonId, addonQuantity);
		}
		long oldAmount = this.state.product(subscription.productId).price() * subscription.quantity
				+ addonAmount(subscription.addons);
		return new PlanChangeFigures(subscription, oldAmount, product, quantity, addons, addonAmount(addons), mode,
				scheduled, this.state.clock.instant());
	}

	private long addonAmount(Map<String, Integer> addons) {
		long amount = 0;
		for (Map.Entry<String, Integer> entry : addons.entrySet()) {
			amount += this.state.addons.get(entry.getKey()).price() * entry.getValue();
		}
		return amount;
	}

	private static Map<String, Object> line(String type, String id, @Nullable String productId, int quantity,
			long unitPrice, double prorationFactor, SimProduct product) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("type", type);
		line.put("id", id);
		if (productId != null) {
			line.put("product_id", productId);
		}
		line.put("quantity", quantity);
		line.put("unit_price", unitPrice);
		line.put("proration_factor", prorationFactor);
		line.put("currency", product.currency());
		line.put("tax_inclusive", product.taxInclusive());
		line.put("tax", 0);
		line.put("tax_rate", product.taxBasisPoints());
		line.put("name", product.name());
		line.put("description", null);
		return line;
	}

	Map<String, Object> json(Subscription subscription) {
		Map<String, Object> json = SimulatorJson.subscription(subscription, this.state.product(subscription.productId),
				this.state.customer(subscription.customerId), this.state.addons, this.state.clock.instant());
		// SDK Subscription: discounts (DiscountDetail, in order), discount_id and discount_cycles_remaining deprecated
		List<Object> discounts = this.state.discounts.details(subscription);
		json.put("discounts", discounts);
		json.put("discount_id", subscription.discounts.isEmpty() ? null : subscription.discounts.get(0).discountId());
		json.put("discount_cycles_remaining",
				subscription.discounts.isEmpty() ? null : subscription.discounts.get(0).cyclesRemaining());
		return json;
	}

	Subscription subscriptionOr404(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw ApiError.notFound("Subscription", subscriptionId);
		}
		return subscription;
	}

	private Subscription fixture(String subscriptionId) {
		Subscription subscription = this.subscriptions.get(subscriptionId);
		if (subscription == null) {
			throw new IllegalArgumentException("No simulated subscription " + subscriptionId);
		}
		return subscription;
	}

}
