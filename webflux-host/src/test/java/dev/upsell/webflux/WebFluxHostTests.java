package dev.upsell.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux host end to end: the starter does not bring the servlet stack, the services work, and Dodo's
 * webhooks reach a reactive endpoint that verifies, answers and counts as the servlet one does.
 */
@SpringBootTest(classes = WebFluxHostApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "dodo.upsell.store.type=memory",
				"dodo.upsell.webhook.max-body-size=4KB", "dodo.upsell.retention.enabled=true",
				"dodo.upsell.retention.offers[0].id=pause-1", "dodo.upsell.retention.offers[0].kind=pause",
				"dodo.upsell.retention.offers[0].cycles=1", "dodo.upsell.triggered.offers[0].id=go-yearly",
				"dodo.upsell.triggered.offers[0].moment=billing-page", "dodo.upsell.triggered.offers[0].kind=annual-switch",
				"dodo.upsell.triggered.offers[0].product=prod_basic_yearly", "dodo.upsell.checkout.bumps[0].id=workbook",
				"dodo.upsell.checkout.bumps[0].product=prod_workbook", "dodo.upsell.checkout.bumps[0].cart-contains=prod_course",
				"dodo.upsell.checkout.bumps[0].discount.percent-off=50" })
class WebFluxHostTests {

	@RegisterExtension
	static DodoSimulatorExtension dodo = new DodoSimulatorExtension();

	@DynamicPropertySource
	static void dodo(DynamicPropertyRegistry registry) {
		registry.add("dodo.upsell.api.base-url", () -> dodo.simulator().baseUrl().toString());
		registry.add("dodo.upsell.api.key", () -> dodo.simulator().apiKey());
		registry.add("dodo.upsell.webhook.secret", () -> dodo.simulator().webhookSecret());
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	OfferService offers;

	@Autowired
	MeterRegistry meters;

	@Test
	void theHostRunsOnTheReactiveStackWithNothingFromTheServletOne() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(ClassUtils.isPresent("jakarta.servlet.Servlet", null)).as("servlet API on the class path").isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", null)).isFalse();
	}

	@Test
	void aOneClickChargeConvertsWhenDodosWebhookReachesTheReactiveEndpoint() throws Exception {
		dodo.simulator().webhooks().target(URI.create("http://127.0.0.1:" + this.port + "/webhooks/dodo"));
		Offer offer = this.offers.present(DemoData.ALICE, "prod_course", PurchaseContext.of("order_1")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
		assertThat(this.offers.accept(DemoData.ALICE, offer.id()).outcome()).isIn(AcceptResult.Outcome.CHARGED,
				AcceptResult.Outcome.PENDING);
		assertThat(dodo.simulator().webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(dodo.simulator().webhooks().deliveries()).isNotEmpty().allMatch((delivery) -> delivery.accepted());
		assertThat(this.offers.find(DemoData.ALICE, offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(dodo.simulator().charges()).hasSize(1);
		assertThat(this.meters.get("upsell.webhooks").tag("type", "payment.succeeded").tag("outcome", "handled")
			.counter().count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theReactiveEndpointRefusesAsTheServletOneDoesAndCountsIt() throws Exception {
		HttpResponse<String> forged = post("{\"type\":\"payment.succeeded\"}", "msg_1",
				Long.toString(System.currentTimeMillis() / 1000), "v1,Zm9yZ2Vk");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(forged.body()).contains("\"outcome\":\"invalid_signature\"").doesNotContain("payment.succeeded");

		assertThat(post("{}", null, null, null).statusCode()).isEqualTo(400);

		HttpResponse<String> large = post("{\"pad\":\"" + "x".repeat(8 * 1024) + "\"}", "msg_2",
				Long.toString(System.currentTimeMillis() / 1000), "v1,Zm9yZ2Vk");
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(large.body()).contains("\"outcome\":\"too_large\"");

		assertThat(this.meters.get("upsell.webhooks").tag("outcome", "invalid_signature").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("upsell.webhooks").tag("outcome", "too_large").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void aMovedPriceIsRefusedWithTheNewFigureAndTheConfirmedOneChargedOnWebFluxAsOnSpringMvc() throws Exception {
		dodo.simulator().customer("cus_berlin", "berlin@example.com", "Berta",
				dev.upsell.test.simulator.SimCard.working("pm_berlin").issuedIn("DE", "EUR"));
		dodo.simulator().localizedPrice("prod_coaching", "DE", 8900, "EUR");
		Offer offer = this.offers.present("cus_berlin", "prod_course", PurchaseContext.of("order_de")
			.withBillingAddress(new BillingAddress("DE", "Berlin", "BE", "Unter den Linden 1", "10117"))).get(0);
		dodo.simulator().localizedPrice("prod_coaching", "DE", 9400, "EUR");
		HttpResponse<String> moved = send("POST", "/upsell/offers/" + offer.id() + "/accept", "cus_berlin", null);
		assertThat(moved.statusCode()).isEqualTo(409);
		assertThat(moved.body()).contains("\"reason\":\"PRICE_CHANGED\"", "\"amount\":9400", "\"currency\":\"EUR\"");
		assertThat(dodo.simulator().charges()).isEmpty();
		HttpResponse<String> bad = send("POST", "/upsell/offers/" + offer.id() + "/accept", "cus_berlin",
				"{\"confirmed_price\":{\"amount\":9400,\"currency\":\"euro\"}}");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("confirmed_price");
		HttpResponse<String> confirmed = send("POST", "/upsell/offers/" + offer.id() + "/accept", "cus_berlin",
				"{\"confirmed_price\":{\"amount\":9400,\"currency\":\"EUR\"}}");
		assertThat(confirmed.statusCode()).isEqualTo(200);
		assertThat(dodo.simulator().charges()).singleElement().satisfies((charge) -> {
			assertThat(charge.totalAmount()).isEqualTo(9400);
			assertThat(charge.currency()).isEqualTo("EUR");
		});
	}

	@Test
	void theUpsellEndpointsAnswerOnWebFluxAsOnSpringMvc() throws Exception {
		Offer offer = this.offers.present(DemoData.BOB, "prod_course", PurchaseContext.of("order_2")
			.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
		HttpResponse<String> list = send("GET", "/upsell/offers", DemoData.BOB, null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("\"id\":\"" + offer.id() + "\"", "\"display_price\":\"$99.00\"");
		HttpResponse<String> anonymous = send("GET", "/upsell/offers", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		// someone else's offer is 404, like a missing one; a malformed id is 400
		assertThat(send("POST", "/upsell/offers/" + offer.id() + "/accept", DemoData.ALICE, null).statusCode()).isEqualTo(404);
		assertThat(send("POST", "/upsell/offers/not-an-id/accept", DemoData.BOB, null).statusCode()).isEqualTo(400);

		int charges = dodo.simulator().charges().size();
		HttpResponse<String> accepted = send("POST", "/upsell/offers/" + offer.id() + "/accept", DemoData.BOB, null);
		assertThat(accepted.statusCode()).isIn(200, 202);
		HttpResponse<String> again = send("POST", "/upsell/offers/" + offer.id() + "/accept", DemoData.BOB, null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"result\"");
		assertThat(dodo.simulator().charges()).hasSize(charges + 1);

		HttpResponse<String> preview = send("POST", "/upsell/plan-changes/preview", DemoData.ALICE,
				"{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}");
		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.body()).contains("\"charge_now\"");
		HttpResponse<String> badQuantity = send("POST", "/upsell/plan-changes/preview", DemoData.ALICE,
				"{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"quantity\":2.5}");
		assertThat(badQuantity.statusCode()).isEqualTo(400);
		assertThat(badQuantity.body()).contains("quantity");
		// billing is the merchant's on WebFlux too: a free upgrade is refused, nothing is sent to Dodo
		int changes = dodo.simulator().requests("POST /subscriptions/{id}/change-plan").size();
		HttpResponse<String> free = send("POST", "/upsell/plan-changes", DemoData.ALICE,
				"{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_team\",\"proration_mode\":\"do_not_bill\"}");
		assertThat(free.statusCode()).isEqualTo(400);
		assertThat(free.body()).contains("\"field\":\"proration_mode\"");
		assertThat(dodo.simulator().requests("POST /subscriptions/{id}/change-plan")).hasSize(changes);
	}

	@Test
	void aRetentionFlowRunsOnWebFluxAsOnSpringMvc() throws Exception {
		HttpResponse<String> started = send("POST", "/upsell/retention/flows", DemoData.SCA_CARD_CUSTOMER,
				"{\"subscription_id\":\"" + DemoData.SCA_SUBSCRIPTION + "\"}");
		assertThat(started.statusCode()).isEqualTo(201);
		assertThat(started.body()).contains("\"status\":\"started\"", "\"too_expensive\"");
		String flow = started.body().replaceAll(".*\"flow_id\":\"([^\"]+)\".*", "$1");
		HttpResponse<String> unknown = send("POST", "/upsell/retention/flows/" + flow + "/reason",
				DemoData.SCA_CARD_CUSTOMER, "{\"reason\":\"<b>bored</b>\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("UNKNOWN_REASON").doesNotContain("bored");
		HttpResponse<String> offered = send("POST", "/upsell/retention/flows/" + flow + "/reason",
				DemoData.SCA_CARD_CUSTOMER, "{\"reason\":\"unused\"}");
		assertThat(offered.body()).contains("\"status\":\"offered\"", "\"offer_id\":\"pause-1\"");
		assertThat(send("POST", "/upsell/retention/flows/" + flow + "/accept", DemoData.SCA_CARD_CUSTOMER, null)
			.statusCode()).isEqualTo(200);
		assertThat(send("POST", "/upsell/retention/flows/" + flow + "/accept", DemoData.SCA_CARD_CUSTOMER, null)
			.statusCode()).isEqualTo(409);
		assertThat(dodo.simulator().subscription(DemoData.SCA_SUBSCRIPTION).orElseThrow().status()).isEqualTo("paused");
		assertThat(send("GET", "/upsell/retention/flows/" + flow, DemoData.ALICE, null).statusCode()).isEqualTo(404);
		// the host's own handler calling RetentionService gets the same problem details
		HttpResponse<String> notTheirs = send("POST", "/shop/leave/" + DemoData.SCA_SUBSCRIPTION, DemoData.ALICE, null);
		assertThat(notTheirs.statusCode()).isEqualTo(404);
		assertThat(notTheirs.body()).contains("\"reason\":\"NOT_FOUND\"");
	}

	@Test
	void aDowngradeFlowAndKeepingThePlanAfterAllRunOnWebFlux() throws Exception {
		HttpResponse<String> started = send("POST", "/upsell/retention/flows", DemoData.BOB,
				"{\"subscription_id\":\"" + DemoData.BOB_SUBSCRIPTION + "\",\"downgrade_to\":\"" + DemoData.BASIC + "\"}");
		assertThat(started.statusCode()).isEqualTo(201);
		assertThat(started.body()).contains("\"intent\":\"downgrade\"");
		String flow = started.body().replaceAll(".*\"flow_id\":\"([^\"]+)\".*", "$1");
		assertThat(send("POST", "/upsell/retention/flows/" + flow + "/reason", DemoData.BOB, "{\"reason\":\"unused\"}")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> downgraded = send("POST", "/upsell/retention/flows/" + flow + "/downgrade", DemoData.BOB, null);
		assertThat(downgraded.body()).contains("\"status\":\"downgraded\"");
		assertThat(dodo.simulator().subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId())
			.isEqualTo(DemoData.BASIC);
		HttpResponse<String> kept = send("POST", "/upsell/plan-changes/scheduled/cancel", DemoData.BOB,
				"{\"subscription_id\":\"" + DemoData.BOB_SUBSCRIPTION + "\"}");
		assertThat(kept.statusCode()).isEqualTo(200);
		assertThat(kept.body()).contains("\"kept_product_id\":\"" + DemoData.PRO + "\"");
		assertThat(dodo.simulator().subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId()).isNull();
		HttpResponse<String> again = send("POST", "/upsell/plan-changes/scheduled/cancel", DemoData.BOB,
				"{\"subscription_id\":\"" + DemoData.BOB_SUBSCRIPTION + "\"}");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("NOTHING_SCHEDULED");
	}

	@Test
	void aTriggeredYearlySwitchAndAnOrderBumpRunOnWebFluxAsOnSpringMvc() throws Exception {
		dodo.simulator().webhooks().target(URI.create("http://127.0.0.1:" + this.port + "/webhooks/dodo"));
		String customer = "cus_flux_member";
		dodo.simulator().customer(customer, "member@example.com", "Member", dev.upsell.test.simulator.SimCard.working("pm_member"))
			.subscription("sub_flux_member", customer, DemoData.BASIC);
		HttpResponse<String> shown = send("POST", "/upsell/moments/billing-page", customer,
				"{\"subscription_id\":\"sub_flux_member\"}");
		assertThat(shown.statusCode()).isEqualTo(200);
		assertThat(shown.body()).contains("\"kind\":\"annual_switch\"", "\"display_saving\":\"$60.00\"");
		String offer = shown.body().replaceAll(".*\"id\":\"(off_[0-9a-f]+)\".*", "$1");
		String change = "{\"subscription_id\":\"sub_flux_member\",\"product_id\":\"prod_basic_yearly\",\"offer_id\":\"" + offer
				+ "\"";
		HttpResponse<String> quote = send("POST", "/upsell/plan-changes/preview", customer, change + "}");
		assertThat(quote.statusCode()).isEqualTo(200);
		String quoteId = quote.body().replaceAll(".*\"quote_id\":\"([^\"]+)\".*", "$1");
		assertThat(send("POST", "/upsell/plan-changes", customer, change + ",\"quote_id\":\"" + quoteId + "\"}")
			.statusCode()).isEqualTo(200);
		assertThat(dodo.simulator().subscription("sub_flux_member").orElseThrow().productId()).isEqualTo("prod_basic_yearly");
		assertThat(send("POST", "/upsell/moments/renewal", customer, null).statusCode()).isEqualTo(400);

		String cart = "{\"cart\":[{\"product_id\":\"prod_course\",\"quantity\":1}]";
		HttpResponse<String> bumps = send("POST", "/upsell/bumps", customer, cart + "}");
		assertThat(bumps.statusCode()).isEqualTo(200);
		assertThat(bumps.body()).contains("\"kind\":\"order_bump\"", "\"amount\":950");
		String bump = bumps.body().replaceAll(".*\"id\":\"(off_[0-9a-f]+)\".*", "$1");
		HttpResponse<String> checkout = send("POST", "/upsell/bumps/checkout", customer,
				cart + ",\"bumps\":[\"" + bump + "\"]}");
		assertThat(checkout.statusCode()).isEqualTo(201);
		dodo.simulator().completeCheckout(checkout.body().replaceAll(".*\"session_id\":\"([^\"]+)\".*", "$1"));
		assertThat(dodo.simulator().webhooks().awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
		assertThat(this.offers.find(customer, bump).orElseThrow().status()).isEqualTo(dev.upsell.offer.OfferStatus.CONVERTED);
		HttpResponse<String> alone = send("POST", "/upsell/offers/" + bump + "/accept", customer, null);
		assertThat(alone.statusCode()).isIn(400, 409);
		assertThat(send("POST", "/upsell/bumps", customer, "{\"cart\":[]}").statusCode()).isEqualTo(400);
	}

	@Test
	void theReadmeTellsAWebFluxHostTheNettyPinThisHostNeeds() throws Exception {
		String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
		java.util.regex.Matcher pin = java.util.regex.Pattern.compile("<netty.version>([^<]+)</netty.version>").matcher(pom);
		assertThat(pin.find()).as("webflux-host pins Netty").isTrue();
		assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md")))
			.contains("<properties><netty.version>" + pin.group(1) + "</netty.version></properties>");
	}

	@Test
	void theStartersExceptionsFromTheHostsOwnHandlersAnswerTheSameProblemDetailsAsOnSpringMvc() throws Exception {
		for (String shop : new String[] { "/shop/offers/", "/shop/functional/offers/" }) {
			String customer = "cus_shop_" + shop.length();
			dodo.simulator().customer(customer, customer + "@example.com", "Shop", dev.upsell.test.simulator.SimCard.working("pm_" + customer));
			Offer offer = this.offers.present(customer, "prod_course", PurchaseContext.of("order_" + shop.length())
				.withBillingAddress(new BillingAddress("US", "Austin", "TX", "1 Main St", "78701"))).get(0);
			assertThat(send("POST", shop + offer.id() + "/accept", customer, null).statusCode()).isEqualTo(200);
			HttpResponse<String> again = send("POST", shop + offer.id() + "/accept", customer, null);
			assertThat(again.statusCode()).as(shop).isEqualTo(409);
			assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(again.body()).contains("\"result\"").contains("\"status\":409");
			HttpResponse<String> someoneElses = send("POST", shop + offer.id() + "/accept", DemoData.ALICE, null);
			assertThat(someoneElses.statusCode()).as(shop).isEqualTo(404);
			assertThat(someoneElses.body()).contains("\"title\":\"Offer not found\"").doesNotContain("trace");
		}
	}

	private HttpResponse<String> send(String method, String path, String customer, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (customer != null) {
			request.header("X-Test-Customer", customer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String body, String id, String timestamp, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/webhooks/dodo"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (id != null) {
			request.header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
