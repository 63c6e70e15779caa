package dev.upsell.host;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.PurchaseContext;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.WebhookTiming;
import dev.upsell.web.CustomerIdResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A host application that uses only what the README documents: the starter's properties, {@code OfferService},
 * {@code PurchaseContext.withBillingAddress}, and the JUnit extension inside a Spring test with the simulator's
 * webhooks reaching the app (README, "The Dodo simulator").
 */
@SpringBootTest(classes = ReadmeHostApplicationTests.HostApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.store.type=memory" })
class ReadmeHostApplicationTests {

	@RegisterExtension
	static DodoSimulatorExtension dodo = new DodoSimulatorExtension();

	@DynamicPropertySource
	static void dodo(DynamicPropertyRegistry registry) {
		registry.add("dodo.upsell.api.base-url", () -> dodo.simulator().baseUrl().toString());
		registry.add("dodo.upsell.webhook.secret", () -> dodo.simulator().webhookSecret());
	}

	@LocalServerPort
	int port;

	@Autowired
	OfferService offers;

	@Test
	void aDeclinedCardGetsACheckoutLinkWhenTheWebhookArrivesFirst() throws Exception {
		dodo.simulator().webhooks().target(URI.create("http://127.0.0.1:" + this.port + "/webhooks/dodo"));
		dodo.simulator().webhooks().timing(WebhookTiming.beforeAnswer());
		Offer offer = this.offers.present(DemoData.DECLINING_CARD_CUSTOMER, "prod_course", PurchaseContext.of("order_1")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
		AcceptResult result = this.offers.accept(DemoData.DECLINING_CARD_CUSTOMER, offer.id());
		assertThat(result.outcome()).isEqualTo(AcceptResult.Outcome.REDIRECT);
		assertThat(result.checkoutUrl()).startsWith(dodo.simulator().baseUrl() + "/checkout/");
		assertThat(dodo.simulator().webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(dodo.simulator().webhooks().deliveries()).isNotEmpty().allMatch((delivery) -> delivery.accepted());
	}

	@Test
	void aOneClickChargeConvertsByWebhook() throws Exception {
		dodo.simulator().webhooks().target(URI.create("http://127.0.0.1:" + this.port + "/webhooks/dodo"));
		Offer offer = this.offers.present(DemoData.ALICE, "prod_course", PurchaseContext.of("order_2")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
		assertThat(this.offers.accept(DemoData.ALICE, offer.id()).outcome()).isIn(AcceptResult.Outcome.CHARGED,
				AcceptResult.Outcome.PENDING);
		assertThat(dodo.simulator().webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.offers.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(dodo.simulator().charges()).hasSize(1);
		// README: "fulfil the order when an offer converts ..., once per offer"
		assertThat(this.fulfilled.converted).filteredOn((converted) -> converted.offer().id().equals(offer.id()))
			.singleElement()
			.satisfies((converted) -> assertThat(converted.offer().paidAmount()).isEqualTo(9900));
	}

	@Test
	void swappedIdsFailLoudlyInsteadOfAnsweringNotFound() {
		Offer offer = this.offers.present(DemoData.BOB, "prod_course", PurchaseContext.of("order_3")).get(0);
		int charges = dodo.simulator().charges().size();
		assertThatIllegalArgumentException().isThrownBy(() -> this.offers.accept(offer.id(), DemoData.BOB))
			.withMessageContaining("(customerId, offerId)");
		assertThat(dodo.simulator().charges()).hasSize(charges);
	}

	@Autowired
	Fulfilment fulfilled;

	/** The host's own listener, as the README shows it. */
	static class Fulfilment {

		final List<OfferConverted> converted = new CopyOnWriteArrayList<>();

		@EventListener
		void fulfil(OfferConverted event) {
			this.converted.add(event);
		}

	}

	/** The host: Boot, the starter, and who the signed-in customer is. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HostApplication {

		@Bean
		Fulfilment fulfilment() {
			return new Fulfilment();
		}

		@Bean
		CustomerIdResolver customerIdResolver() {
			return (request) -> Optional.ofNullable(request.getUserPrincipal()).map((principal) -> principal.getName());
		}

	}

}
