package dev.upsell.sample;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.PurchaseContext;
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

	DemoController(DodoClient dodo, OfferService offers, CustomerIdResolver customers) {
		this.dodo = dodo;
		this.offers = offers;
		this.customers = customers;
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
			me.put("subscription", Map.of("id", subscriptionId, "product_id", subscription.productId(), "status",
					subscription.status().name().toLowerCase(Locale.ROOT)));
		}
		return me;
	}

	/** The customer's first purchase (outside the starter), then the offers that follow it. */
	@PostMapping("/api/purchase")
	ResponseEntity<Map<String, Object>> purchase(@RequestBody Map<String, String> body, HttpServletRequest request) {
		String customerId = customer(request);
		String productId = body.getOrDefault("product_id", "prod_course");
		List<PaymentMethod> methods = this.dodo.listPaymentMethods(customerId);
		Map<String, Object> response = new LinkedHashMap<>();
		if (!methods.isEmpty()) {
			PaymentCreated payment = this.dodo.createPayment(new OneTimePaymentRequest(DEMO_ADDRESS,
					CustomerRef.existing(customerId), List.of(CartItem.of(productId, 1)),
					methods.get(0).paymentMethodId(), null, Map.of("demo", "first_purchase"), null, null));
			response.put("payment_id", payment.paymentId());
		}
		List<Offer> presented = this.offers.present(customerId, productId,
				PurchaseContext.of((String) response.get("payment_id")).withBillingAddress(DEMO_ADDRESS));
		response.put("offers", presented.stream().map(OfferView::of).toList());
		return ResponseEntity.ok(response);
	}

	private String customer(HttpServletRequest request) {
		return this.customers.resolve(request)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Sign in as a customer to buy"));
	}

	private static String describe(PaymentMethod method) {
		return method.card().cardNetwork() + " •••• " + method.card().last4Digits();
	}

}
