package dev.upsell.sample;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.OfferView;

/**
 * What the demo page needs beyond the starter's own endpoints: who is signed in with which saved card, and a
 * "first purchase" that triggers the post-purchase offers.
 */
@RestController
class DemoController {

	/** The demo subscriptions, per customer (simulator demo data). */
	static final Map<String, String> SUBSCRIPTIONS = Map.of("cus_alice", "sub_alice_basic", "cus_bob", "sub_bob_pro",
			"cus_sca", "sub_sam_basic");

	/**
	 * The billing address the shop's own checkout collected for the first purchase; offers carry it, because
	 * Dodo needs a full address to charge a saved card through a confirmed checkout session.
	 */
	private static final BillingAddress DEMO_ADDRESS = new BillingAddress("US", "San Francisco", "CA", "1 Market St",
			"94105");

	private final DodoClient dodo;

	private final OfferService offers;

	private final CustomerIdResolver customers;

	/** The products the demo sells first. */
	private static final List<String> SOLD = List.of("prod_course");

	/** Each order's answer, by customer and order id: a second click of one order is the same purchase. */
	private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();

	/** Offline only: where the simulator's stand-in for Dodo's checkout SDK opens a client secret. */
	private final @Nullable String checkoutSdkStandIn;

	DemoController(DodoClient dodo, OfferService offers, CustomerIdResolver customers,
			@Value("${demo.checkout-sdk-stand-in:#{null}}") @Nullable String checkoutSdkStandIn) {
		this.dodo = dodo;
		this.offers = offers;
		this.customers = customers;
		this.checkoutSdkStandIn = checkoutSdkStandIn;
	}

	@GetMapping("/api/csrf")
	Map<String, String> csrf(CsrfToken token) {
		return Map.of("header", token.getHeaderName(), "token", token.getToken());
	}

	/**
	 * Who is signed in, in words for the page: a customer's first name, saved card and plan, or the shop owner
	 * (who has no customer id and sees the funnel instead).
	 */
	@GetMapping("/api/me")
	Map<String, Object> me(HttpServletRequest request, Principal principal) {
		Map<String, Object> me = new LinkedHashMap<>();
		String name = principal.getName();
		me.put("name", name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
		me.put("admin", request.isUserInRole("ADMIN"));
		if (this.checkoutSdkStandIn != null) {
			me.put("checkout_sdk", this.checkoutSdkStandIn);
		}
		String customerId = this.customers.resolve(request).orElse(null);
		if (customerId == null) {
			return me;
		}
		me.put("saved_card", this.dodo.listPaymentMethods(customerId)
			.stream()
			.filter((method) -> method.card() != null)
			.findFirst()
			.map(DemoController::describe)
			.orElse(null));
		String subscriptionId = SUBSCRIPTIONS.get(customerId);
		if (subscriptionId != null) {
			var subscription = this.dodo.getSubscription(subscriptionId);
			Map<String, Object> view = new java.util.LinkedHashMap<>();
			view.put("id", subscriptionId);
			view.put("product_id", subscription.productId());
			view.put("status", subscription.status().name().toLowerCase(Locale.ROOT));
			view.put("cancelling", subscription.cancelsAtPeriodEnd());
			Object scheduled = (subscription.scheduledChange() != null) ? subscription.scheduledChange().get("product_id")
					: null;
			view.put("scheduled_product_id", (scheduled != null) ? scheduled.toString() : null);
			view.put("next_billing_date", (subscription.nextBillingDate() != null)
					? subscription.nextBillingDate().toString() : null);
			me.put("subscription", view);
		}
		return me;
	}

	/**
	 * The customer's first purchase (outside the starter), then the offers that follow it. Idempotent per order:
	 * the page sends one {@code order_id} per purchase, and any number of clicks or retries of it charge once and
	 * answer the same (a shop's own checkout must be, before any upsell follows it).
	 */
	@PostMapping("/api/purchase")
	ResponseEntity<Map<String, Object>> purchase(@RequestBody PurchaseBody body, HttpServletRequest request) {
		String customerId = customer(request);
		String key = customerId + "/" + body.orderId();
		Map<String, Object> response = this.orders.computeIfAbsent(key, (order) -> buy(customerId, body));
		return ResponseEntity.ok(response);
	}

	private Map<String, Object> buy(String customerId, PurchaseBody body) {
		List<PaymentMethod> methods = this.dodo.listPaymentMethods(customerId);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("order_id", body.orderId());
		if (!methods.isEmpty()) {
			PaymentCreated payment = this.dodo.createPayment(new OneTimePaymentRequest(DEMO_ADDRESS,
					CustomerRef.existing(customerId), List.of(CartItem.of(body.productId(), 1)),
					methods.get(0).paymentMethodId(), null, Map.of("demo", "first_purchase", "order_id", body.orderId()),
					null, null));
			response.put("payment_id", payment.paymentId());
			// what the page may say: paid, or still waiting for the bank (3-D Secure), never "paid" too early
			response.put("payment_status", this.dodo.getPayment(payment.paymentId()).status().name().toLowerCase(Locale.ROOT));
		}
		List<Offer> presented = this.offers.present(customerId, body.productId(),
				PurchaseContext.of(body.orderId()).withBillingAddress(DEMO_ADDRESS));
		response.put("offers", presented.stream().map(OfferView::of).toList());
		return Map.copyOf(response);
	}

	/** A Dodo error answers 502 problem details, never a stack trace. */
	@ExceptionHandler(DodoApiException.class)
	ResponseEntity<ProblemDetail> dodoFailed(DodoApiException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"Dodo Payments could not take the order; nothing was charged twice. Try again");
		problem.setTitle("Dodo Payments error");
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A body the purchase does not take answers 400 problem details naming the field. */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		String detail = "The body is {\"product_id\": \"prod_course\", \"order_id\": \"<1 to 64 letters, digits, - or _>\"}";
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
				detail = invalid.getMessage();
			}
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Bad request");
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * What the page sends to buy: a product the demo sells, and the order's id (made once per purchase by the page).
	 *
	 * @param productId {@code prod_course}
	 * @param orderId 1 to 64 letters, digits, {@code -} or {@code _}
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PurchaseBody(String productId, String orderId) {

		PurchaseBody {
			if (productId == null || !SOLD.contains(productId)) {
				throw new IllegalArgumentException("product_id must be one of " + SOLD);
			}
			if (orderId == null || !orderId.matches("[A-Za-z0-9_-]{1,64}")) {
				throw new IllegalArgumentException("order_id must be 1 to 64 letters, digits, - or _");
			}
		}

	}

	private String customer(HttpServletRequest request) {
		return this.customers.resolve(request)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Sign in as a customer to buy"));
	}

	private static String describe(PaymentMethod method) {
		return method.card().cardNetwork() + " •••• " + method.card().last4Digits();
	}

}
