package dev.upsell.webflux;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.upsell.offer.OfferService;
import dev.upsell.retention.RetentionService;
import dev.upsell.web.ReactiveCustomerIdResolver;

/** A WebFlux host: the starter and spring-boot-starter-webflux, nothing from the servlet stack. */
@SpringBootApplication
public class WebFluxHostApplication {

	/**
	 * The signed-in customer. A real host reads its authentication ({@code ReactiveSecurityContextHolder}); this
	 * test host trusts a header, which only a test may do.
	 * @return the resolver
	 */
	@Bean
	ReactiveCustomerIdResolver customerIdResolver() {
		return (exchange) -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Test-Customer"));
	}

	/**
	 * The host's own functional endpoint, calling the service as the README shows.
	 * @param offers the offer service
	 * @return the route
	 */
	@Bean
	RouterFunction<ServerResponse> shopRoutes(OfferService offers) {
		return RouterFunctions.route()
			.POST("/shop/functional/offers/{id}/accept", (request) -> Mono
				.fromCallable(() -> offers.accept(request.headers().firstHeader("X-Test-Customer"), request.pathVariable("id")))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((result) -> ServerResponse.ok().bodyValue(result.outcome().name())))
			.build();
	}

	/** The host's own annotated controller, calling the service as the README shows. */
	@RestController
	static class ShopController {

		private final OfferService offers;

		private final RetentionService retention;

		ShopController(OfferService offers, RetentionService retention) {
			this.offers = offers;
			this.retention = retention;
		}

		@PostMapping("/shop/leave/{subscription}")
		Mono<String> leave(@PathVariable String subscription, @RequestHeader("X-Test-Customer") String customer) {
			return Mono.fromCallable(() -> this.retention.start(customer, subscription).id())
				.subscribeOn(Schedulers.boundedElastic());
		}

		@PostMapping("/shop/offers/{id}/accept")
		Mono<String> accept(@PathVariable String id, @RequestHeader("X-Test-Customer") String customer) {
			return Mono.fromCallable(() -> this.offers.accept(customer, id).outcome().name())
				.subscribeOn(Schedulers.boundedElastic());
		}

	}

}
