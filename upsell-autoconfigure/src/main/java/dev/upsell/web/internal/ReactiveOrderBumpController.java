package dev.upsell.web.internal;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.upsell.bump.OrderBumps;
import dev.upsell.web.OfferView;
import dev.upsell.web.ReactiveCustomerIdResolver;

/** {@link OrderBumpController} for WebFlux hosts: the same endpoints, their work off the event loop. */
@RestController
public class ReactiveOrderBumpController {

	private final OrderBumps bumps;

	private final ReactiveCustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param bumps the order bumps
	 * @param customers names the signed-in customer
	 */
	public ReactiveOrderBumpController(OrderBumps bumps, ReactiveCustomerIdResolver customers) {
		this.bumps = bumps;
		this.customers = customers;
	}

	/**
	 * The bumps to show beside a cart.
	 * @param body the cart
	 * @param exchange the exchange
	 * @return the bump offers
	 */
	@PostMapping("/upsell/bumps")
	public Mono<List<OfferView>> offer(@RequestBody BumpBodies.Offer body, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController
				.blocking(() -> OrderBumpController.offer(this.bumps, customer, body)));
	}

	/**
	 * The checkout session of a cart and the ticked bumps.
	 * @param body the cart and the bumps
	 * @param exchange the exchange
	 * @return 201 with the session and its link
	 */
	@PostMapping("/upsell/bumps/checkout")
	public Mono<ResponseEntity<BumpBodies.Session>> checkout(@RequestBody BumpBodies.Checkout body,
			ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController
				.blocking(() -> OrderBumpController.checkout(this.bumps, customer, body)));
	}

}
