package dev.upsell.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimPayment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo shop's page in a real browser (Debian's chromium, headless), as a customer uses it: words, not ids;
 * one charge however often the button is pressed; the way back from Dodo's checkout and the bank's page. The app
 * runs on a fixed free port, so the return URL it gives Dodo is followed for real.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class DemoPageBrowserTests {

	private static final int PORT = DemoBrowser.freePort();

	/** What a customer must never read: ids, enum codes, wire values. */
	private static final List<String> INTERNALS = List.of("cus_", "pay_", "off_", "prod_", "sub_", "NO_SAVED",
			"PAYMENT_", "cross_sell", "action_required", "undefined", "null");

	@Autowired
	DodoSimulator dodo;

	@Autowired
	DodoClient dodoClient;

	private DemoBrowser browser;

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void aliceSeesWhatSheBuysAndADoubleClickChargesOnceAndKeepsTheSuccess() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("alice");
		assertThat(this.browser.text("who")).isEqualTo("Signed in as Alice · Visa •••• 4242");
		this.browser.find("#buy").click();
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		WebElement coaching = this.browser.findAll(".offer").get(0);
		String coachingId = coaching.getAttribute("id");
		assertThat(coaching.getText()).contains("Recommended for you", "1:1 Coaching", "calls", "$99.00");
		assertThat(coaching.findElement(By.cssSelector("img.icon")).getAttribute("src")).endsWith("/icons/coaching.svg");
		assertThat(coaching.findElement(By.cssSelector(".accept")).getText()).isEqualTo("Pay $99.00 with Visa •••• 4242");
		this.browser.screenshot("demo-offers.png");

		int charges = this.dodo.charges().size();
		new Actions(this.browser.driver()).doubleClick(coaching.findElement(By.cssSelector(".accept"))).perform();
		this.browser.waitForText("result", "Done!");
		assertThat(this.browser.text("result"))
			.isEqualTo("Done! 1:1 Coaching is added to your order: $99.00 paid with Visa •••• 4242.");
		// a second tab presses the same offer's button: the answer (409, with the first result) still says done
		this.browser.script("return accept(arguments[0])", Map.of("id", coachingId, "product_id",
				"prod_coaching", "display_price", "$99.00"));
		// the funnel's next step: the templates, shown after the accepted coaching
		this.browser.waitForText("offers", "Templates");
		assertThat(this.browser.findAll(".offer")).hasSize(1);
		assertThat(this.browser.text("result")).startsWith("Done! 1:1 Coaching is added to your order");
		assertThat(this.dodo.charges()).hasSize(charges + 1);

		this.browser.find(".offer .decline").click();
		this.browser.waitForText("result", "No problem");
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);

		this.browser.find("#plan-prod_pro").click();
		this.browser.waitForText("plan-summary", "Switch to Pro: you pay $50.00 now, then $80.00 a month.");
		this.browser.screenshot("demo-plan-preview.png");
		this.browser.find("#plan-confirm").click();
		this.browser.waitForText("plan-result", "You are now on Pro; $50.00 charged to Visa •••• 4242.");
		assertThat(this.browser.text("plan-now")).startsWith("You are on Pro ($80.00/month).");
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);
	}

	@Test
	void bobDeclinesGetsTheCheaperWorkbookWithButtonsDisabledWhileItIsChargedThenMovesToACheaperPlan() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("bob");
		this.browser.find("#buy").click();
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		this.browser.find(".offer .decline").click();
		this.browser.waitForText("result", "How about this instead?");
		this.browser.waitForText("offers", "A lighter option");
		assertThat(this.browser.text("offers")).contains("$13.30", "$19.00");
		this.browser.screenshot("demo-downsell.png");
		// while the charge runs (Dodo answers slowly here), no button on the page can be pressed
		this.dodo.faults().delayNext("POST /checkouts", Duration.ofSeconds(2), 1);
		this.browser.driver()
			.findElement(By.xpath("//div[contains(@class,'offer')][contains(.,'Workbook')]//button[contains(@class,'accept')]"))
			.click();
		assertThat(this.browser.findAll("button")).isNotEmpty().noneMatch(WebElement::isEnabled);
		// the downsell carries 30 % off (a single-use Dodo code for this offer): the price before it is shown struck through
		this.browser.waitForText("result", "Done! Workbook is added to your order: $13.30 paid with Mastercard •••• 4444.");
		this.browser.waitForText("offers", "Templates");

		this.browser.find("#plan-prod_basic").click();
		this.browser.waitForText("plan-summary", "credit toward your next payments");
		this.browser.find("#plan-confirm").click();
		this.browser.waitForText("plan-result", "You are now on Basic;");
		assertThat(this.browser.text("plan-result")).contains("credit added for your next payments");
	}

	@Test
	void aliceCancelsSaysItCostsTooMuchAndStaysForAFreeMonthWhileSamCancelsInOneClick() throws Exception {
		java.time.Instant due = this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate();
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("alice");
		this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-start"))).click();
		this.browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("leave-reason")));
		new org.openqa.selenium.support.ui.Select(this.browser.find("#leave-reason"))
			.selectByVisibleText("It costs too much");
		this.browser.find("#leave-comment").sendKeys("Money is tight this month");
		this.browser.find("#leave-continue").click();
		this.browser.waitForText("leave-offer", "your next month is on us");
		this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-accept")));
		this.browser.screenshot("demo-retention.png");
		this.browser.find("#leave-accept").click();
		this.browser.waitForText("leave-result", "Thank you for staying: your next payment is on");
		assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().nextBillingDate())
			.isEqualTo(due.plus(Duration.ofDays(30)));
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);
		this.browser.close();

		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("sam");
		try {
			// each step's buttons appear when the page has Dodo's answer: wait for them, as a customer does
			this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-start"))).click();
			this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-cancel"))).click();
			this.browser.waitForText("leave-result", "Your membership is cancelled. You keep it until");
			this.browser.waitForText("plan-now", "membership ends on");
			assertThat(this.browser.findAll("#leave-start")).as("no second way out offered").isEmpty();
			assertThat(this.dodo.subscription(DemoData.SCA_SUBSCRIPTION).orElseThrow().status()).isEqualTo("active");
		}
		finally {
			// Sam's plan change test needs his membership renewing: take the cancellation back, as Dodo allows
			this.dodoClient.updateSubscription(DemoData.SCA_SUBSCRIPTION, SubscriptionUpdate.keep());
		}
	}

	@Test
	void bobFoundAnotherServiceAndStaysForTwoMonthsAtHalfPrice() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("bob");
		this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-start"))).click();
		this.browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("leave-reason")));
		new org.openqa.selenium.support.ui.Select(this.browser.find("#leave-reason"))
			.selectByVisibleText("I found another service");
		this.browser.find("#leave-continue").click();
		this.browser.waitForText("leave-offer", "your next two months are half price");
		this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("leave-accept"))).click();
		this.browser.waitForText("leave-result", "Thank you for staying: your next 2 payments are 50% off.");
		assertThat(this.dodoClient.getSubscription(DemoData.BOB_SUBSCRIPTION).discounts())
			.singleElement()
			.satisfies((discount) -> assertThat(discount.cyclesRemaining()).isEqualTo(2));
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);
	}

	@Test
	void bobWhoseChangeWaitsForTheRenewalKeepsHisPlanInOneClick() throws Exception {
		// Bob's plan depends on which of his tests ran first: the change goes to the other one
		var bob = this.dodoClient.getSubscription(DemoData.BOB_SUBSCRIPTION);
		boolean onPro = DemoData.PRO.equals(bob.productId());
		this.dodoClient.changePlan(DemoData.BOB_SUBSCRIPTION, new dev.upsell.dodo.PlanChangeRequest(onPro ? DemoData.BASIC : DemoData.PRO,
				bob.quantity(), dev.upsell.dodo.ProrationMode.FULL_IMMEDIATELY, dev.upsell.dodo.EffectiveAt.NEXT_BILLING_DATE,
				null, null, null, null));
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("bob");
		this.browser.waitForText("plan-now", "you switch to " + (onPro ? "Basic" : "Pro"));
		this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("plan-keep"))).click();
		this.browser.waitForText("plan-result",
				"You stay on " + (onPro ? "Pro" : "Basic") + "; nothing changes at your next payment.");
		assertThat(this.dodo.subscription(DemoData.BOB_SUBSCRIPTION).orElseThrow().scheduledProductId()).isNull();
		assertThat(this.browser.findAll("#plan-keep")).isEmpty();
	}

	@Test
	void noraWithoutACardPaysOnDodosCheckoutAndComesBackToThisPort() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("nora");
		assertThat(this.browser.text("who")).isEqualTo("Signed in as Nora · no saved card");
		this.browser.find("#buy").click();
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		assertThat(this.browser.find(".offer .accept").getText()).isEqualTo("Buy for $99.00");
		this.browser.find(".offer .accept").click();
		WebElement link = this.browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.id("checkout-link")));
		assertThat(link.getText()).isEqualTo("Continue to checkout");
		assertThat(this.browser.text("result"))
			.startsWith("You have no saved card with us yet. You can still get 1:1 Coaching for $99.00.");
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);
		this.browser.screenshot("demo-no-card.png");

		link.click();
		this.browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
				"1:1 Coaching × 1, to pay: 99.00 USD"));
		this.browser.driver().findElement(By.xpath("//button[text()='Pay with test card']")).click();
		this.browser.waitFor(ExpectedConditions.urlToBe("http://localhost:" + PORT + "/?paid=1"));
		this.browser.waitForText("result", "Thank you! Your payment is confirmed as soon as Dodo tells us");
		assertThat(this.dodo.payments()).anyMatch((payment) -> "cus_nocard".equals(payment.customerId())
				&& payment.productIds().contains("prod_coaching") && "succeeded".equals(payment.status()));
	}

	@Test
	void samConfirmsWithHisBankAndComesBackToTheShop() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("sam");
		this.browser.find("#buy").click();
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		// Sam's card asks his bank for the course too: never "paid" before the bank said yes
		assertThat(this.browser.text("purchase")).startsWith("Thank you! Your bank is confirming the payment of the course")
			.doesNotContain("paid");
		this.browser.find(".offer .accept").click();
		this.browser.waitForText("result", "Your bank wants you to confirm the payment of $99.00 for 1:1 Coaching.");
		// the message stands above the offers, not under the next one
		assertThat(this.browser.findAll("#result + #offers")).hasSize(1);
		WebElement confirm = this.browser.find("#checkout-link");
		assertThat(confirm.getText()).isEqualTo("Confirm with your bank");
		this.browser.screenshot("demo-3ds.png");
		confirm.click();
		this.browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.xpath("//button[text()='Complete authentication']")))
			.click();
		this.browser.waitFor(ExpectedConditions.urlToBe("http://localhost:" + PORT + "/?paid=1"));
		this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		// back from the bank: the course order is placed, not offered again as if it were lost
		assertThat(this.browser.findAll("#buy")).allMatch((button) -> !button.isDisplayed());
		assertThat(this.browser.text("purchase")).startsWith("Thank you!");
		assertThat(this.dodo.charges())
			.filteredOn((payment) -> "cus_sca".equals(payment.customerId())
					&& payment.productIds().contains("prod_coaching"))
			.extracting(SimPayment::status)
			.containsExactly("succeeded");
	}

	@Test
	void noraTicksTheTemplatesBesideTheCourseAndPaysBothOnDodosCheckoutPage() throws Exception {
		this.browser = DemoBrowser.open(PORT);
		this.browser.signIn("nora");
		WebElement bump = this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.id("bump-templates-bump")));
		assertThat(this.browser.text("bumps"))
			.isEqualTo("Add the 30 project templates to your order, 20 % off. $23.20 (instead of $29.00)");
		bump.click();
		this.browser.find("#buy").click();
		// one checkout, the course and the templates as its lines, the templates at their bump price
		this.browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
				"Course × 1, Templates × 1, to pay: 72.20 USD"));
		this.browser.driver().findElement(By.xpath("//button[text()='Pay with test card']")).click();
		this.browser.waitFor(ExpectedConditions.urlToBe("http://localhost:" + PORT + "/?paid=1"));
		this.browser.waitForText("purchase", "Thank you! Your course and extras are paid on Dodo's checkout page");
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.dodo.payments()).anyMatch((payment) -> "cus_nocard".equals(payment.customerId())
				&& payment.productIds().containsAll(List.of("prod_course", "prod_templates"))
				&& payment.totalAmount() == 7220 && "succeeded".equals(payment.status()));
		assertThat(INTERNALS).noneMatch(this.browser.visibleText()::contains);
	}

	@Test
	void aliceOnBasicSeesTheYearlyPlanWithWhatSheSavesAndSwitchesAfterOnePreview() throws Exception {
		onBasic();
		try {
			this.browser = DemoBrowser.open(PORT);
			this.browser.signIn("alice");
			WebElement yearly = this.browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("button.yearly")));
			assertThat(yearly.getText()).isEqualTo("Pay yearly: $300.00/year and save $60.00 a year");
			yearly.click();
			this.browser.waitForText("plan-summary", "Switch to Basic, yearly: you pay");
			assertThat(this.browser.text("plan-summary")).endsWith("then $300.00 a year.");
			this.browser.find("#plan-confirm").click();
			this.browser.waitForText("plan-result", "You are now on Basic, yearly;");
			assertThat(this.dodo.subscription(DemoData.ALICE_SUBSCRIPTION).orElseThrow().productId())
				.isEqualTo(DemoData.BASIC_YEARLY);
		}
		finally {
			onBasic();
		}
	}

	/** Alice's plan depends on which of her tests ran first: this one starts, and leaves her, on Basic. */
	private void onBasic() {
		var alice = this.dodoClient.getSubscription(DemoData.ALICE_SUBSCRIPTION);
		if (!DemoData.BASIC.equals(alice.productId())) {
			this.dodoClient.changePlan(DemoData.ALICE_SUBSCRIPTION, new dev.upsell.dodo.PlanChangeRequest(DemoData.BASIC,
					alice.quantity(), dev.upsell.dodo.ProrationMode.DO_NOT_BILL, null, null, null, null, null));
		}
	}

}
