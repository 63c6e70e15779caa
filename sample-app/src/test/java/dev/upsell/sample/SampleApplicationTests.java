package dev.upsell.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleApplicationTests {

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Test
	void runsOfflineOnTheSimulatorWithoutAnApiKey() {
		this.http.get().uri("/api/products").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$[0].productId").isEqualTo("prod_course")
			.jsonPath("$[0].price.price").isEqualTo(4900);
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(CatalogController.PRODUCTS.size());
	}

	@Test
	void healthIsUp() {
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

}
