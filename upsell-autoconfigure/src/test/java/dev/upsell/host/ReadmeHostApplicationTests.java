package dev.upsell.host;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.retention.RetentionService;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.SimCard;
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
		properties = { "dodo.upsell.retention.enabled=true",
				"dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.store.type=memory",
				"dodo.upsell.offers.funnels[0].id=workbook-buyers",
				"dodo.upsell.offers.funnels[0].trigger-product=prod_workbook",
				"dodo.upsell.offers.funnels[0].steps[0].id=templates",
				"dodo.upsell.offers.funnels[0].steps[0].offer-product=prod_templates",
				"dodo.upsell.offers.funnels[0].steps[0].on-accept=coaching",
				"dodo.upsell.offers.funnels[0].steps[0].when.order-total-min=1000",
				"dodo.upsell.offers.funnels[0].steps[0].when.attributes.segment=vip",
				"dodo.upsell.offers.funnels[0].steps[1].id=coaching",
				"dodo.upsell.offers.funnels[0].steps[1].offer-product=prod_coaching" })
class ReadmeHostApplicationTests {

	@RegisterExtension
	static DodoSimulatorExtension dodo = new DodoSimulatorExtension();

	@DynamicPropertySource
	static void dodo(DynamicPropertyRegistry registry) {
		registry.add("dodo.upsell.api.base-url", () -> dodo.simulator().baseUrl().toString());
		registry.add("dodo.upsell.api.key", () -> dodo.simulator().apiKey());
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
	void aConfiguredFunnelShowsItsNextStepAfterAnAcceptAndOnlyToTheSegmentItTargets() {
		PurchaseContext order = PurchaseContext.of("order_9")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))
			.withOrder(new Money(1900, "USD"), java.util.List.of("prod_workbook"));
		assertThat(this.offers.present(DemoData.SCA_CARD_CUSTOMER, "prod_workbook", order.with("segment", "new"))).isEmpty();
		Offer templates = this.offers.present(DemoData.SCA_CARD_CUSTOMER, "prod_workbook", order.with("segment", "vip")).get(0);
		assertThat(templates.productId()).isEqualTo("prod_templates");
		this.offers.accept(DemoData.SCA_CARD_CUSTOMER, templates.id());
		assertThat(this.offers.offersFor(DemoData.SCA_CARD_CUSTOMER)).filteredOn((offer) -> offer.status() == OfferStatus.PRESENTED)
			.singleElement()
			.satisfies((next) -> assertThat(next.productId()).isEqualTo("prod_coaching"));
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

	@Test
	void theHostsOwnControllerAnswersTheStartersExceptionsAsProblemDetails() throws Exception {
		String buyer = "cus_shop_buyer";
		String other = "cus_shop_other";
		dodo.simulator().customer(buyer, "buyer@example.com", "Buyer", SimCard.working("pm_shop_buyer"));
		dodo.simulator().customer(other, "other@example.com", "Other", SimCard.working("pm_shop_other"));
		Offer offer = this.offers.present(buyer, "prod_course", PurchaseContext.of("order_4")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
		assertThat(shop("accept", buyer, offer.id()).statusCode()).isEqualTo(200);

		HttpResponse<String> again = shop("accept", buyer, offer.id());
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(again.body()).contains("\"result\"").contains("\"outcome\"");
		assertThat(shop("accept", other, offer.id()).statusCode()).as("someone else's offer").isEqualTo(404);
		assertThat(shop("decline", buyer, offer.id()).statusCode()).as("declining an accepted offer").isEqualTo(409);

		Offer declined = this.offers.present(other, "prod_course", PurchaseContext.of("order_5")).get(0);
		this.offers.decline(other, declined.id());
		HttpResponse<String> gone = shop("accept", other, declined.id());
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(gone.body()).doesNotContain("Exception").doesNotContain("\tat ");

		// a retention step the host's own controller cannot take answers its problem details too
		HttpResponse<String> notTheirs = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/shop/leave/sub_alice_basic"))
				.header("X-Shop-Customer", other)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(notTheirs.statusCode()).isEqualTo(404);
		assertThat(notTheirs.body()).contains("\"reason\":\"NOT_FOUND\"").doesNotContain("\tat ");
	}

	private HttpResponse<String> shop(String action, String customer, String offerId) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/shop/offers/" + offerId + "/" + action))
				.header("X-Shop-Customer", customer)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The host's own controller: it calls the service and writes no exception handler. */
	@RestController
	static class ShopController {

		private final OfferService offers;

		private final RetentionService retention;

		ShopController(OfferService offers, RetentionService retention) {
			this.offers = offers;
			this.retention = retention;
		}

		@PostMapping("/shop/leave/{subscription}")
		String leave(@PathVariable String subscription, @RequestHeader("X-Shop-Customer") String customer) {
			return this.retention.start(customer, subscription).id();
		}

		@PostMapping("/shop/offers/{id}/accept")
		String accept(@PathVariable String id, @RequestHeader("X-Shop-Customer") String customer) {
			return this.offers.accept(customer, id).outcome().name();
		}

		@PostMapping("/shop/offers/{id}/decline")
		String decline(@PathVariable String id, @RequestHeader("X-Shop-Customer") String customer) {
			return this.offers.decline(customer, id).declined().status().name();
		}

	}

	/** The host's own listener, as the README shows it: exactly-once by the delivery id. */
	static class Fulfilment {

		final List<OfferConverted> converted = new CopyOnWriteArrayList<>();

		private final java.util.Set<String> deliveries = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@EventListener
		void fulfil(OfferConverted event) {
			if (this.deliveries.add(event.deliveryId())) {
				this.converted.add(event);
			}
		}

	}

	/** The host: Boot, the starter, and who the signed-in customer is. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HostApplication {

		@Bean
		ShopController shopController(OfferService offers, RetentionService retention) {
			return new ShopController(offers, retention);
		}

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
