package dev.upsell.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangeOutcome;
import dev.upsell.plan.PlanChangeQuote;
import dev.upsell.plan.PlanChangeService;

/**
 * {@code POST /upsell/plan-changes/preview} and {@code POST /upsell/plan-changes} for the signed-in customer.
 * The body: {@code {"subscription_id", "product_id", "quantity", "proration_mode", "effective_at",
 * "on_payment_failure", "offer_id"}}; only the first two are required.
 */
@RestController
public class PlanChangeController {

	private final PlanChangeService plans;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param plans the plan change service
	 * @param customers names the signed-in customer
	 */
	public PlanChangeController(PlanChangeService plans, CustomerIdResolver customers) {
		this.plans = plans;
		this.customers = customers;
	}

	/**
	 * Previews a plan change.
	 * @param body what to change
	 * @param request the request
	 * @return the figures
	 */
	@PostMapping("/upsell/plan-changes/preview")
	public Map<String, Object> preview(@RequestBody Map<String, Object> body, HttpServletRequest request) {
		Input input = Input.of(body);
		return quote(this.plans.preview(customer(request), input.subscriptionId, input.productId, input.quantity,
				input.options));
	}

	/**
	 * Executes a plan change.
	 * @param body what to change
	 * @param request the request
	 * @return what happened: 200, or 202 when the outcome is pending
	 */
	@PostMapping("/upsell/plan-changes")
	public ResponseEntity<Map<String, Object>> change(@RequestBody Map<String, Object> body,
			HttpServletRequest request) {
		Input input = Input.of(body);
		PlanChangeOutcome outcome = this.plans.change(customer(request), input.subscriptionId, input.productId,
				input.quantity, input.options);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("status", outcome.status().tag());
		response.put("payment_id", outcome.paymentId());
		response.put("payment_link", outcome.paymentLink());
		response.put("quote", quote(outcome.quote()));
		return ResponseEntity.status((outcome.status() == PlanChangeOutcome.Status.PENDING) ? HttpStatus.ACCEPTED
				: HttpStatus.OK).body(response);
	}

	static Map<String, Object> quote(PlanChangeQuote quote) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("subscription_id", quote.subscriptionId());
		json.put("current_product_id", quote.currentProductId());
		json.put("new_product_id", quote.newProductId());
		json.put("quantity", quote.quantity());
		json.put("direction", quote.direction().tag());
		json.put("proration_mode", quote.prorationMode().wireValue());
		json.put("effective_at", quote.effectiveAt().name().toLowerCase(Locale.ROOT));
		json.put("takes_effect", quote.takesEffect());
		json.put("charge_now", money(quote.chargeNow()));
		json.put("credit_added", money(quote.creditAdded()));
		json.put("credit_used", money(quote.creditUsed()));
		json.put("current_price", money(quote.currentPrice()));
		json.put("new_price", money(quote.newPrice()));
		json.put("summary", quote.summary());
		json.put("quote_id", quote.quoteId());
		json.put("quote_expires_at", quote.quoteExpiresAt());
		return json;
	}

	private static Map<String, Object> money(dev.upsell.offer.Money money) {
		return Map.of("amount", money.amount(), "currency", money.currency(), "display", money.format(Locale.US));
	}

	private String customer(HttpServletRequest request) {
		return SignedInCustomer.of(this.customers, request);
	}

	private record Input(String subscriptionId, String productId, int quantity, PlanChangeOptions options) {

		static Input of(Map<String, Object> body) {
			String subscriptionId = text(body, "subscription_id", true);
			String productId = text(body, "product_id", true);
			Object quantity = body.getOrDefault("quantity", 1);
			// whole numbers only, checked before narrowing: 4294967298 must not wrap to 2
			boolean whole = quantity instanceof Integer || quantity instanceof Long
					|| quantity instanceof java.math.BigInteger;
			if (!whole || ((Number) quantity).doubleValue() < 1 || ((Number) quantity).doubleValue() > 10_000) {
				throw new IllegalArgumentException("quantity must be a whole number from 1 to 10000");
			}
			Number number = (Number) quantity;
			PlanChangeOptions options = new PlanChangeOptions(
					choice(body, "proration_mode", ProrationMode.class),
					choice(body, "effective_at", EffectiveAt.class),
					choice(body, "on_payment_failure", OnPaymentFailure.class), null, Map.of(),
					text(body, "offer_id", false), text(body, "quote_id", false));
			return new Input(subscriptionId, productId, number.intValue(), options);
		}

		private static @Nullable String text(Map<String, Object> body, String field, boolean required) {
			Object value = body.get(field);
			if (value == null && !required) {
				return null;
			}
			if (!(value instanceof String text) || text.isBlank() || text.length() > 200) {
				throw new IllegalArgumentException(field + " is required and must be a string");
			}
			return text;
		}

		private static <E extends Enum<E>> @Nullable E choice(Map<String, Object> body, String field, Class<E> type) {
			Object value = body.get(field);
			if (value == null) {
				return null;
			}
			for (E constant : type.getEnumConstants()) {
				if (constant.name().equalsIgnoreCase(String.valueOf(value).replace('-', '_'))) {
					return constant;
				}
			}
			throw new IllegalArgumentException(field + " must be one of "
					+ java.util.Arrays.stream(type.getEnumConstants()).map((c) -> c.name().toLowerCase(Locale.ROOT)).toList());
		}

	}

}
