package dev.upsell.web.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.upsell.trigger.TriggeredOffers;
import dev.upsell.web.OfferView;
import dev.upsell.web.ReactiveCustomerIdResolver;

/** {@link MomentController} for WebFlux hosts: the same endpoint, its work off the event loop. */
@RestController
public class ReactiveMomentController {

	private final TriggeredOffers triggered;

	private final ReactiveCustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param triggered the triggered offers
	 * @param customers names the signed-in customer
	 */
	public ReactiveMomentController(TriggeredOffers triggered, ReactiveCustomerIdResolver customers) {
		this.triggered = triggered;
		this.customers = customers;
	}

	/**
	 * The moment has come for the signed-in customer.
	 * @param moment the moment's name
	 * @param body the subscription it concerns, if any
	 * @param exchange the exchange
	 * @return the offers to show
	 */
	@PostMapping("/upsell/moments/{moment}")
	public Mono<List<OfferView>> fire(@PathVariable String moment,
			@RequestBody(required = false) MomentController.@Nullable MomentBody body, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController
				.blocking(() -> MomentController.fire(this.triggered, customer, moment, body)));
	}

}
