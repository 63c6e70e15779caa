package dev.upsell.web.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.bump.OrderBumps;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.OfferView;

/**
 * Order bumps for the signed-in customer's checkout page: {@code POST /upsell/bumps} answers the bumps to show beside a
 * cart, {@code POST /upsell/bumps/checkout} creates the Dodo checkout session with the cart and the ticked bumps (a
 * hosted page: nothing is charged until the customer pays there) and answers its {@code checkout_url}.
 */
@RestController
public class OrderBumpController {

	private final OrderBumps bumps;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param bumps the order bumps
	 * @param customers names the signed-in customer
	 */
	public OrderBumpController(OrderBumps bumps, CustomerIdResolver customers) {
		this.bumps = bumps;
		this.customers = customers;
	}

	/**
	 * The bumps to show beside a cart.
	 * @param body the cart
	 * @param request the request
	 * @return the bump offers
	 */
	@PostMapping("/upsell/bumps")
	public List<OfferView> offer(@RequestBody BumpBodies.Offer body, HttpServletRequest request) {
		return offer(this.bumps, SignedInCustomer.of(this.customers, request), body);
	}

	/**
	 * The checkout session of a cart and the ticked bumps.
	 * @param body the cart and the bumps
	 * @param request the request
	 * @return 201 with the session and its link
	 */
	@PostMapping("/upsell/bumps/checkout")
	public ResponseEntity<BumpBodies.Session> checkout(@RequestBody BumpBodies.Checkout body,
			HttpServletRequest request) {
		return checkout(this.bumps, SignedInCustomer.of(this.customers, request), body);
	}

	static List<OfferView> offer(OrderBumps bumps, String customer, BumpBodies.Offer body) {
		return bumps.offer(customer, body.items(), PurchaseContext.of(null)).stream().map(OfferView::of).toList();
	}

	static ResponseEntity<BumpBodies.Session> checkout(OrderBumps bumps, String customer, BumpBodies.Checkout body) {
		CheckoutSession session = bumps.checkout(customer, body.items(), body.ticked(), java.util.Map.of());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new BumpBodies.Session(session.sessionId(), session.checkoutUrl()));
	}

}
