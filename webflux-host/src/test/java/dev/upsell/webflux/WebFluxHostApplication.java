package dev.upsell.webflux;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

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

}
