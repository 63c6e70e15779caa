package dev.upsell.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page at a phone's width (no sideways scrolling, for the customer's offers and the owner's funnel) and
 * the shop owner's view: the funnel per offer and per kind, which only the owner sees. Each test starts on a
 * fresh app, so the funnel counts only what it did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class DemoPagePhoneAndOwnerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	private DemoBrowser browser;

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void aCustomerBuysAndAcceptsOnAPhoneWithoutScrollingSideways() throws Exception {
		this.browser = DemoBrowser.open(this.port, DemoBrowser.PHONE_WIDTH, 1100);
		this.browser.signIn("sam");
		this.browser.find("#buy").click();
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		assertThat(this.browser.scrollsSideways()).as("the page scrolls sideways at 390 px").isFalse();
		assertThat(this.browser.find(".offer .accept").getSize().getWidth()).as("the pay button spans the offer")
			.isGreaterThan(250);
		this.browser.screenshot("demo-phone.png");
		this.browser.find(".offer .accept").click();
		this.browser.waitForText("result", "Your bank wants you to confirm the payment of $99.00 for 1:1 Coaching.");
		assertThat(this.browser.scrollsSideways()).isFalse();
		assertThat(this.browser.findAll("#funnel")).allMatch((table) -> !table.isDisplayed());
	}

	@Test
	void theOwnerSeesEachOfferAndItsDownsellApartAndWhyPaidCanExceedAccepted() throws Exception {
		DemoSession alice = new DemoSession(this.http, "alice");
		String coaching = firstOffer(alice);
		alice.post("/upsell/offers/" + coaching + "/accept", "{}").expectStatus().isOk();
		DemoSession bob = new DemoSession(this.http, "bob");
		bob.post("/upsell/offers/" + firstOffer(bob) + "/decline", "{}").expectStatus().isOk();
		DemoSession nora = new DemoSession(this.http, "nora");
		JsonNode redirect = json.readTree(nora.post("/upsell/offers/" + firstOffer(nora) + "/accept", "{}")
			.expectStatus().isEqualTo(422).expectBody().returnResult().getResponseBody());
		String checkoutUrl = redirect.path("checkout_url").asString();
		this.dodo.completeCheckout(checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1));
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		String leaving = json.readTree(bob.post("/upsell/retention/flows", "{\"subscription_id\":\"sub_bob_pro\"}")
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody()).path("flow_id").asString();
		bob.post("/upsell/retention/flows/" + leaving + "/reason", "{\"reason\":\"too_expensive\"}").expectStatus().isOk();
		bob.post("/upsell/retention/flows/" + leaving + "/accept", "").expectStatus().isOk();

		// Bob ticks the templates beside the course and pays the checkout: the owner's page counts the bump
		String bump = json.readTree(bob.post("/upsell/bumps", "{\"cart\":[{\"product_id\":\"prod_course\",\"quantity\":1}]}")
			.expectStatus().isOk().expectBody().returnResult().getResponseBody()).path(0).path("id").asString();
		String session = json.readTree(bob.post("/upsell/bumps/checkout",
				"{\"cart\":[{\"product_id\":\"prod_course\",\"quantity\":1}],\"bumps\":[\"" + bump + "\"]}")
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody()).path("session_id").asString();
		this.dodo.completeCheckout(session);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();

		this.browser = DemoBrowser.open(this.port);
		this.browser.signIn("admin");
		assertThat(this.browser.text("who")).isEqualTo("Signed in as Admin · shop owner");
		this.browser.waitForText("funnel", "step: workbook");
		assertThat(this.browser.findAll("#buy")).allMatch((button) -> !button.isDisplayed());
		String coachingRow = this.browser.driver()
			.findElement(By.xpath("//table[@id='funnel']//tr[contains(@class,'rule')][normalize-space(td[1])='course']"))
			.getText();
		this.browser.waitForText("funnel", "templates-bump (order bump)");
		// shown once, sent to Dodo's checkout with the course, paid there: $23.20, the bump's own line
		assertThat(this.browser.driver()
			.findElement(By.xpath("//table[@id='funnel']//tr[contains(@class,'rule')][starts-with(normalize-space(td[1]),'templates-bump')]"))
			.getText()).startsWith("templates-bump (order bump) 1 0 1 0 1 100% $23.20");
		// the course funnel: coaching shown to all three, the workbook to Bob (declined), the templates after
		// Alice's and Nora's yes; accepted by Alice, paid by Alice and (at checkout, no one-click accept) by Nora
		assertThat(coachingRow).startsWith("course 6 1 2 1 1");
		assertThat(this.browser.find("#funnel tr.kind").getText()).startsWith("step: coaching 3 1 2 1 1");
		assertThat(this.browser.text("experiments")).contains("coaching-copy: control (control)", "Chance to beat control",
				"Versus control (always valid)");
		assertThat(this.browser.text("experiment-coaching-copy")).contains("The split matches the configuration.");
		assertThat(this.browser.text("funnel-note")).contains("“Paid” can be higher than “Accepted”");
		// Bob's cancel flow, from the store: saved by the free month, not measured for another 30 days
		assertThat(this.browser.find("#retention tbody tr").getText()).startsWith("Offer: free-month 1 1 100.0% 0 not measured yet");
		assertThat(this.browser.text("retention-note")).contains("10.0% of customers are held out", "30 days");
		this.browser.screenshot("demo-funnel.png");

		try (DemoBrowser phone = DemoBrowser.open(this.port, DemoBrowser.PHONE_WIDTH, 1100)) {
			phone.signIn("admin");
			phone.waitForText("funnel", "step: workbook");
			assertThat(phone.scrollsSideways()).as("the funnel scrolls sideways at 390 px").isFalse();
			assertThat(phone.find("#funnel td[data-label=Paid]").getText()).isEqualTo("2");
			phone.screenshot("demo-funnel-phone.png");
		}
	}

	private static String firstOffer(DemoSession customer) {
		byte[] body = customer.post("/api/purchase", "{\"product_id\":\"prod_course\",\"order_id\":\"" + java.util.UUID.randomUUID() + "\"}")
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return json.readTree(body).path("offers").get(0).path("id").asString();
	}

}
