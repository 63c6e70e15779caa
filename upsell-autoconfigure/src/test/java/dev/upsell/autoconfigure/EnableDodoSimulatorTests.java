package dev.upsell.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.upsell.dodo.DodoClient;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.spring.EnableDodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig
@ImportAutoConfiguration(DodoClientAutoConfiguration.class)
@EnableDodoSimulator
class EnableDodoSimulatorTests {

	@Autowired
	DodoSimulator dodo;

	@Autowired
	DodoClient client;

	@Value("${dodo.upsell.webhook.secret}")
	String webhookSecret;

	@Test
	void pointsTheStarterAtTheSimulator() {
		assertThat(this.client.getProduct(DemoData.PRO).price().price()).isEqualTo(8000);
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(1);
		assertThat(this.webhookSecret).isEqualTo(this.dodo.webhookSecret()).startsWith("whsec_");
	}

}
