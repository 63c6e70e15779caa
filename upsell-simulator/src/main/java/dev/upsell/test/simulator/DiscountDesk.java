package dev.upsell.test.simulator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.Subscription;

/**
 * Dodo's discount codes on the simulator: {@code POST /discounts}, {@code GET /discounts/{id}},
 * {@code GET /discounts/code/{code}}, {@code DELETE /discounts/{id}}, their redemption on a plan change
 * ({@code discount_codes}) and their effect on renewals. Every method holds the {@link SimulatorState} lock.
 * <p>
 * Sources: SDK 2.52 {@code DiscountCreateParams} ({@code amount} in basis points, at least 1; {@code type}
 * {@code percentage} or {@code flat}, a flat code needs {@code currency_options}; {@code code} uppercased, at least 3
 * characters, a random 16-character one when omitted; {@code usage_limit}, {@code per_customer_usage_limit},
 * {@code subscription_cycles} "If not provided, the discount will be applied indefinitely", {@code restricted_to},
 * {@code starts_at}, {@code expires_at}, {@code customer_eligibility} where {@code specific} "starts with zero attached
 * customers (fails closed)"), {@code Discount}, {@code DiscountDetail} ({@code cycles_remaining}, {@code position}),
 * {@code Subscription.discounts}, {@code UpdateSubscriptionPlanReq.discount_codes} ("Max 20. Cannot be used together
 * with discount_code. If provided, replaces any existing discount codes. Empty array removes all discounts. If not
 * provided (None), existing discounts with preserve_on_plan_change=true are preserved").
 * <p>
 * Guesses (Dodo is silent; marked in the fidelity table): a code already taken answers 409
 * {@code DISCOUNT_CODE_ALREADY_EXISTS}; a code that is unknown, not started, expired, used up, restricted to other
 * products or not for this customer answers 422 {@code INVALID_DISCOUNT_CODE}; a discount takes a percentage off each
 * renewal in the order given and counts one use per redemption; the immediate charge of a plan change is not
 * discounted; flat codes are refused (the simulator does not convert currencies).
 */
final class DiscountDesk {

	private static final int MAX_CODES = 20;

	private final SimulatorState state;

	private final Map<String, Discount> discounts = new LinkedHashMap<>();

	DiscountDesk(SimulatorState state) {
		this.state = state;
	}

	/** {@code POST /discounts}. */
	Map<String, Object> create(JsonNode body) {
		synchronized (this.state) {
			JsonNode amount = body.path("amount");
			if (!amount.isIntegralNumber() || amount.asLong() < 1 || amount.asLong() > 10_000) {
				throw ApiError.invalid("INVALID_REQUEST", "amount is in basis points, from 1 to 10000");
			}
			String type = body.path("type").asString(null);
			if (!"percentage".equals(type) && !"flat".equals(type)) {
				throw ApiError.invalid("INVALID_REQUEST", "type is percentage or flat");
			}
			if ("flat".equals(type)) {
				// simulator limit: Dodo takes flat codes with currency_options; the simulator converts no currency
				throw ApiError.invalid("INVALID_REQUEST", "the simulator takes percentage codes only");
			}
			String code = body.path("code").asString("");
			if (code.isEmpty()) {
				// SDK: "If omitted, a random 16-character code is generated"
				code = this.state.newId("c").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
				code = code.substring(Math.max(0, code.length() - 16));
			}
			else if (code.length() < 3 || code.length() > 16) {
				throw ApiError.invalid("INVALID_REQUEST", "code must be 3 to 16 characters");
			}
			code = code.toUpperCase(Locale.ROOT);
			if (byCode(code) != null) {
				throw new ApiError(409, "DISCOUNT_CODE_ALREADY_EXISTS", "A discount with this code exists");
			}
			Discount discount = new Discount(this.state.newId("dsc"), code, (int) amount.asLong(),
					this.state.clock.instant());
			discount.usageLimit = positiveOrNull(body, "usage_limit");
			discount.perCustomerUsageLimit = positiveOrNull(body, "per_customer_usage_limit");
			discount.subscriptionCycles = positiveOrNull(body, "subscription_cycles");
			discount.startsAt = instantOrNull(body, "starts_at");
			discount.expiresAt = instantOrNull(body, "expires_at");
			discount.eligibility = body.path("customer_eligibility").asString("any");
			discount.preserveOnPlanChange = body.path("preserve_on_plan_change").asBoolean(false);
			for (JsonNode product : body.path("restricted_to")) {
				discount.restrictedTo.add(product.asString());
			}
			discount.name = body.path("name").asString(null);
			discount.metadata = SimulatorState.metadata(body);
			this.discounts.put(discount.id, discount);
			return json(discount);
		}
	}

	/** {@code GET /discounts/{id}}. */
	Map<String, Object> get(String discountId) {
		synchronized (this.state) {
			return json(discountOr404(discountId));
		}
	}

	/** {@code GET /discounts/code/{code}}. */
	Map<String, Object> getByCode(String code) {
		synchronized (this.state) {
			Discount discount = byCode(code.toUpperCase(Locale.ROOT));
			if (discount == null) {
				throw ApiError.notFound("Discount with code", code);
			}
			return json(discount);
		}
	}

	/** {@code DELETE /discounts/{id}}: the code can no longer be redeemed; subscriptions keep what they have. */
	void delete(String discountId) {
		synchronized (this.state) {
			discountOr404(discountId).deleted = true;
		}
	}

	/**
	 * Checks the {@code discount_codes} of a plan change for the customer and the new plan.
	 * @return the discounts to apply, in order; {@code null} when the body names none (existing ones follow
	 * {@code preserve_on_plan_change})
	 */
	@Nullable List<Discount> redeemable(JsonNode body, String customerId, String productId) {
		if (body.has("discount_code") && body.has("discount_codes")) {
			throw ApiError.invalid("INVALID_REQUEST", "discount_code cannot be used together with discount_codes");
		}
		if (!body.has("discount_codes") || body.path("discount_codes").isNull()) {
			return null;
		}
		JsonNode codes = body.path("discount_codes");
		if (!codes.isArray() || codes.size() > MAX_CODES) {
			throw ApiError.invalid("INVALID_REQUEST", "discount_codes is a list of at most " + MAX_CODES);
		}
		List<Discount> found = new ArrayList<>();
		Instant now = this.state.clock.instant();
		for (JsonNode code : codes) {
			Discount discount = byCode(code.asString("").toUpperCase(Locale.ROOT));
			if (discount == null || !discount.redeemableBy(customerId, productId, now)) {
				throw ApiError.invalid("INVALID_DISCOUNT_CODE", "A discount code cannot be applied to this plan");
			}
			found.add(discount);
		}
		return found;
	}

	/**
	 * A cart with the body's {@code discount_codes} (or {@code discount_code}) taken off the lines each code applies
	 * to, in order (SDK 2.52 checkout and payment {@code discount_codes}). Guesses (marked in the fidelity table): a
	 * code is refused unless it applies to at least one line; the share comes off each line's total, tax included,
	 * rounded down to the minor unit; a use is counted when a payment is made with it ({@link #redeem}).
	 * @param body the checkout or payment body
	 * @param customerId the buyer, if known
	 * @param cart the cart at its prices
	 * @return the cart after the codes, and the codes
	 */
	Priced onCart(JsonNode body, @Nullable String customerId, List<StateModel.CartLine> cart) {
		List<String> codes = new ArrayList<>();
		if (body.has("discount_code") && body.has("discount_codes")) {
			throw ApiError.invalid("INVALID_REQUEST", "discount_code cannot be used together with discount_codes");
		}
		if (body.path("discount_code").isString()) {
			codes.add(body.path("discount_code").asString());
		}
		JsonNode list = body.path("discount_codes");
		if (!list.isMissingNode() && !list.isNull()) {
			if (!list.isArray() || list.size() > MAX_CODES) {
				throw ApiError.invalid("INVALID_REQUEST", "discount_codes is a list of at most " + MAX_CODES);
			}
			list.forEach((code) -> codes.add(code.asString("")));
		}
		if (codes.isEmpty()) {
			return new Priced(cart, List.of());
		}
		Instant now = this.state.clock.instant();
		String buyer = (customerId != null) ? customerId : "";
		List<Discount> found = new ArrayList<>();
		for (String code : codes) {
			Discount discount = byCode(code.toUpperCase(Locale.ROOT));
			if (discount == null
					|| cart.stream().noneMatch((line) -> discount.redeemableBy(buyer, line.productId(), now))) {
				throw ApiError.invalid("INVALID_DISCOUNT_CODE", "A discount code cannot be applied to this cart");
			}
			found.add(discount);
		}
		List<StateModel.CartLine> discounted = new ArrayList<>();
		for (StateModel.CartLine line : cart) {
			long total = line.total();
			long tax = line.tax();
			for (Discount discount : found) {
				if (discount.restrictedTo.isEmpty() || discount.restrictedTo.contains(line.productId())) {
					total -= total * discount.basisPoints / 10_000;
					tax -= tax * discount.basisPoints / 10_000;
				}
			}
			discounted.add(new StateModel.CartLine(line.productId(), line.quantity(), line.unitPrice(), total, tax,
					line.currency()));
		}
		return new Priced(discounted, found.stream().map((discount) -> discount.id).toList());
	}

	/**
	 * Refuses codes a session was made with that can no longer be redeemed by the buyer for its products (expired,
	 * used up, deleted). Caller holds the lock.
	 */
	void requireRedeemable(List<String> discountIds, String customerId, List<String> productIds) {
		Instant now = this.state.clock.instant();
		for (String id : discountIds) {
			Discount discount = this.discounts.get(id);
			if (discount.deleted
					|| productIds.stream().noneMatch((product) -> discount.redeemableBy(customerId, product, now))) {
				throw ApiError.invalid("INVALID_DISCOUNT_CODE", "A discount code of this checkout can no longer be applied");
			}
		}
	}

	/** Counts one use of each code by the customer (a payment was made with them). Caller holds the lock. */
	void redeem(List<String> discountIds, String customerId) {
		for (String id : discountIds) {
			Discount discount = this.discounts.get(id);
			discount.timesUsed++;
			discount.usesByCustomer.merge(customerId, 1, Integer::sum);
		}
	}

	/**
	 * Puts the codes a subscription was bought with on it. Guess: the first payment is its first discounted cycle.
	 * Caller holds the lock.
	 */
	void attach(Subscription subscription, List<String> discountIds) {
		for (String id : discountIds) {
			Integer cycles = this.discounts.get(id).subscriptionCycles;
			if (cycles == null || cycles > 1) {
				subscription.discounts.add(new StateModel.AppliedDiscount(id, (cycles != null) ? cycles - 1 : null));
			}
		}
	}

	/**
	 * A cart after its discount codes.
	 *
	 * @param cart the lines at what they cost after the codes
	 * @param discountIds the codes' discounts, in order
	 */
	record Priced(List<StateModel.CartLine> cart, List<String> discountIds) {
	}

	/**
	 * Puts the discounts of a plan change on the subscription.
	 * @param count whether the redemption counts as a use (not on a preview)
	 */
	void apply(Subscription subscription, @Nullable List<Discount> redeemed, boolean count) {
		if (redeemed == null) {
			subscription.discounts.removeIf((applied) -> !this.discounts.get(applied.discountId()).preserveOnPlanChange);
			return;
		}
		subscription.discounts.clear();
		for (Discount discount : redeemed) {
			if (count) {
				discount.timesUsed++;
				discount.usesByCustomer.merge(subscription.customerId, 1, Integer::sum);
			}
			subscription.discounts.add(new StateModel.AppliedDiscount(discount.id, discount.subscriptionCycles));
		}
	}

	/** A renewal's amount after the subscription's discounts; uses up one cycle of each. Caller holds the lock. */
	long renewalAmount(Subscription subscription, long amount) {
		long due = amount;
		List<StateModel.AppliedDiscount> left = new ArrayList<>();
		for (StateModel.AppliedDiscount applied : subscription.discounts) {
			Discount discount = this.discounts.get(applied.discountId());
			due -= due * discount.basisPoints / 10_000;
			Integer remaining = applied.cyclesRemaining();
			if (remaining == null || remaining > 1) {
				left.add(new StateModel.AppliedDiscount(applied.discountId(), (remaining != null) ? remaining - 1 : null));
			}
		}
		subscription.discounts.clear();
		subscription.discounts.addAll(left);
		return due;
	}

	/** {@code Subscription.discounts}: SDK {@code DiscountDetail}, in order. */
	List<Object> details(Subscription subscription) {
		List<Object> details = new ArrayList<>();
		int position = 0;
		for (StateModel.AppliedDiscount applied : subscription.discounts) {
			Map<String, Object> json = json(this.discounts.get(applied.discountId()));
			json.put("position", position++);
			json.put("cycles_remaining", applied.cyclesRemaining());
			details.add(json);
		}
		return details;
	}

	void clear() {
		this.discounts.clear();
	}

	private @Nullable Discount byCode(String code) {
		return this.discounts.values().stream().filter((d) -> d.code.equals(code) && !d.deleted).findFirst().orElse(null);
	}

	private Discount discountOr404(String discountId) {
		Discount discount = this.discounts.get(discountId);
		if (discount == null || discount.deleted) {
			throw ApiError.notFound("Discount", discountId);
		}
		return discount;
	}

	private static @Nullable Integer positiveOrNull(JsonNode body, String field) {
		JsonNode node = body.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || node.asInt() < 1) {
			throw ApiError.invalid("INVALID_REQUEST", field + " must be at least 1");
		}
		return node.asInt();
	}

	private static @Nullable Instant instantOrNull(JsonNode body, String field) {
		String text = body.path(field).asString(null);
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw ApiError.invalid("INVALID_REQUEST", field + " is not an ISO-8601 date-time");
		}
	}

	private Map<String, Object> json(Discount discount) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("discount_id", discount.id);
		json.put("business_id", SimulatorJson.BUSINESS_ID);
		json.put("code", discount.code);
		json.put("amount", discount.basisPoints);
		json.put("type", "percentage");
		json.put("created_at", discount.createdAt.toString());
		json.put("customer_eligibility", discount.eligibility);
		json.put("metadata", discount.metadata);
		json.put("preserve_on_plan_change", discount.preserveOnPlanChange);
		json.put("restricted_to", List.copyOf(discount.restrictedTo));
		json.put("times_used", discount.timesUsed);
		json.put("name", discount.name);
		json.put("usage_limit", discount.usageLimit);
		json.put("per_customer_usage_limit", discount.perCustomerUsageLimit);
		json.put("subscription_cycles", discount.subscriptionCycles);
		json.put("starts_at", (discount.startsAt != null) ? discount.startsAt.toString() : null);
		json.put("expires_at", (discount.expiresAt != null) ? discount.expiresAt.toString() : null);
		return json;
	}

	/** One discount code. */
	static final class Discount {

		final String id;

		final String code;

		final int basisPoints;

		final Instant createdAt;

		@Nullable Integer usageLimit;

		@Nullable Integer perCustomerUsageLimit;

		@Nullable Integer subscriptionCycles;

		@Nullable Instant startsAt;

		@Nullable Instant expiresAt;

		String eligibility = "any";

		boolean preserveOnPlanChange;

		final List<String> restrictedTo = new ArrayList<>();

		@Nullable String name;

		Map<String, String> metadata = Map.of();

		int timesUsed;

		final Map<String, Integer> usesByCustomer = new HashMap<>();

		boolean deleted;

		Discount(String id, String code, int basisPoints, Instant createdAt) {
			this.id = id;
			this.code = code;
			this.basisPoints = basisPoints;
			this.createdAt = createdAt;
		}

		boolean redeemableBy(String customerId, String productId, Instant now) {
			boolean started = this.startsAt == null || !now.isBefore(this.startsAt);
			boolean expired = this.expiresAt != null && !now.isBefore(this.expiresAt);
			boolean usedUp = this.usageLimit != null && this.timesUsed >= this.usageLimit;
			boolean usedUpByCustomer = this.perCustomerUsageLimit != null
					&& this.usesByCustomer.getOrDefault(customerId, 0) >= this.perCustomerUsageLimit;
			boolean product = this.restrictedTo.isEmpty() || this.restrictedTo.contains(productId);
			// customer lists (specific) are not simulated: such a code "fails closed" until customers are attached
			boolean customer = !this.eligibility.equals("specific");
			return started && !expired && !usedUp && !usedUpByCustomer && product && customer;
		}

	}

}
