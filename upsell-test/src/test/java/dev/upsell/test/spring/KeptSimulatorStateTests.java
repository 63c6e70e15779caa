package dev.upsell.test.spring;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimProduct;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code resetBeforeEachTest = false} keeps the simulator's state from one test method to the next. */
@SpringJUnitConfig(KeptSimulatorStateTests.Config.class)
@EnableDodoSimulator(deliverWebhooks = false, resetBeforeEachTest = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeptSimulatorStateTests {

	@Autowired
	DodoSimulator dodo;

	@Test
	@Order(1)
	void addsAProduct() {
		this.dodo.product(SimProduct.oneTime("prod_kept", "Kept", 100, "USD"));
	}

	@Test
	@Order(2)
	void stillSeesIt() throws Exception {
		assertThat(java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(this.dodo.baseUrl().resolve("/products/prod_kept"))
				.header("Authorization", "Bearer " + this.dodo.apiKey()).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
