package dev.upsell.test.spring;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.upsell.autoconfigure.DodoClientAutoConfiguration;
import dev.upsell.autoconfigure.DodoConnectionDetails;
import dev.upsell.dodo.DodoClient;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig
@ImportAutoConfiguration(DodoClientAutoConfiguration.class)
@EnableDodoSimulator
class EnableDodoSimulatorTests {

	@Autowired
	DodoSimulator dodo;

	@Autowired
	DodoClient client;

	@Autowired
	DodoConnectionDetails connection;

	@Test
	void pointsTheStarterAtTheSimulator() {
		assertThat(this.client.getProduct(DemoData.PRO).price().price()).isEqualTo(8000);
		assertThat(this.dodo.requests("GET /products/{id}")).hasSize(1);
		assertThat(this.connection.baseUrl()).isEqualTo(this.dodo.baseUrl());
		assertThat(this.connection.webhookSecret()).isEqualTo(this.dodo.webhookSecret()).startsWith("whsec_");
		assertThat(this.connection).isInstanceOf(DodoSimulatorConnectionDetails.class);
		assertThat(this.connection.toString()).doesNotContain(this.dodo.webhookSecret());
	}

}
