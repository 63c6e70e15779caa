package dev.upsell.web;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Names the Dodo customer of the signed-in user in a WebFlux host, as {@link CustomerIdResolver} does for
 * Spring MVC. Declare a bean of this type to turn on the {@code /upsell} endpoints there; tie it to your
 * authentication (e.g. {@code ReactiveSecurityContextHolder}), never to a request parameter.
 */
@FunctionalInterface
public interface ReactiveCustomerIdResolver {

	/**
	 * The Dodo customer id of the user making the request.
	 * @param exchange the exchange
	 * @return the customer id, or empty when nobody is signed in (answered with 401)
	 */
	Mono<String> resolve(ServerWebExchange exchange);

}
