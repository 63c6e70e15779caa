package dev.upsell.webflux;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A WebFlux host: the starter and spring-boot-starter-webflux, nothing from the servlet stack. */
@SpringBootApplication
public class WebFluxHostApplication {

}
