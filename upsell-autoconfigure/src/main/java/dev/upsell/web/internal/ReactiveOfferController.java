package dev.upsell.web.internal;

import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.upsell.catalog.Money;
import dev.upsell.offer.OfferService;
import dev.upsell.web.OfferView;
import dev.upsell.web.ReactiveCustomerIdResolver;

/**
 * The offer endpoints of WebFlux hosts, answering as {@link OfferController} does: {@code GET /upsell/offers},
 * {@code POST /upsell/offers/{id}/accept}, {@code POST /upsell/offers/{id}/decline}. {@link OfferService}
 * blocks (the store, Dodo): it runs on Reactor's bounded elastic scheduler, never on an event loop.
 */
@RestController
public class ReactiveOfferController {

	private final OfferService offers;

	private final ReactiveCustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param offers the offer service
	 * @param customers names the signed-in customer
	 */
	public ReactiveOfferController(OfferService offers, ReactiveCustomerIdResolver customers) {
		this.offers = offers;
		this.customers = customers;
	}

	/**
	 * The signed-in customer's open offers.
	 * @param exchange the exchange
	 * @return the offers
	 */
	@GetMapping("/upsell/offers")
	public Mono<List<OfferView>> offers(ServerWebExchange exchange) {
		return customer(this.customers, exchange)
			.flatMap((customer) -> blocking(() -> this.offers.offersFor(customer).stream().map(OfferView::of).toList()));
	}

	/**
	 * Accepts an offer in one click.
	 * @param id the offer id
	 * @param body the figure the customer confirmed after a price change, if any
	 * @param exchange the exchange
	 * @return the result
	 */
	@PostMapping("/upsell/offers/{id}/accept")
	public Mono<ResponseEntity<?>> accept(@PathVariable String id,
			@RequestBody(required = false) @Nullable AcceptBody body, ServerWebExchange exchange) {
		String offerId = OfferController.offerId(id);
		Money confirmed = (body != null) ? body.price() : null;
		return customer(this.customers, exchange).flatMap((customer) -> blocking(
				() -> OfferController.answer(this.offers.accept(customer, offerId, confirmed))));
	}

	/**
	 * Declines an offer; the response carries the funnel's next step, if any.
	 * @param id the offer id
	 * @param exchange the exchange
	 * @return the declined offer and the next one
	 */
	@PostMapping("/upsell/offers/{id}/decline")
	public Mono<DeclineResponse> decline(@PathVariable String id, ServerWebExchange exchange) {
		String offerId = OfferController.offerId(id);
		return customer(this.customers, exchange)
			.flatMap((customer) -> blocking(() -> DeclineResponse.of(this.offers.decline(customer, offerId))));
	}

	/** The signed-in customer, or a 401 ({@link SignedInCustomer.NotSignedInException}). */
	static Mono<String> customer(ReactiveCustomerIdResolver customers, ServerWebExchange exchange) {
		return customers.resolve(exchange)
			.filter((id) -> !id.isBlank())
			.switchIfEmpty(Mono.error(SignedInCustomer.NotSignedInException::new));
	}

	/** Runs blocking work off the event loop. */
	static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

}
