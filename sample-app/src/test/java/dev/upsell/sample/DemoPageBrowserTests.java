package dev.upsell.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo page in a real browser: Debian's chromium and chromium-driver, headless. Skipped, with a message,
 * where they are not installed ({@code .ci/run} installs them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DemoPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	int port;

	@Autowired
	DodoSimulator dodo;

	private WebDriver browser;

	private WebDriverWait wait;

	@BeforeEach
	void openBrowser() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser test skipped: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--window-size=1200,1400",
					"--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(15));
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aliceBuysAcceptsOneOfferAndDeclinesTheOtherThenSeesADownsell() throws Exception {
		signIn("alice");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Visa •••• 4242"));
		this.browser.findElement(By.id("buy")).click();
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 2));
		assertThat(this.browser.findElement(By.cssSelector(".offer .accept")).getText())
			.isEqualTo("Pay $99.00 with Visa •••• 4242");

		this.browser.findElement(By.cssSelector(".offer .accept")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Done!"));
		assertThat(this.browser.findElement(By.id("result")).getText()).contains("$99.00 paid with Visa •••• 4242");

		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
		this.browser.findElement(By.cssSelector(".offer .decline")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Offer declined"));

		this.browser.findElement(By.id("plan-prod_pro")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-summary"), "you pay $50.00 now"));
		screenshot("upsell-demo.png");
		this.browser.findElement(By.id("plan-confirm")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Plan change: charged"));
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("funnel"), "coaching"));
	}

	@Test
	void bobDeclinesAndGetsTheCheaperWorkbook() throws Exception {
		signIn("bob");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Mastercard •••• 4444"));
		this.browser.findElement(By.id("buy")).click();
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 2));
		this.browser.findElement(By.cssSelector(".offer .decline")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "How about this instead?"));
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("offers"), "$19.00"));
		screenshot("upsell-downsell.png");
		this.browser.findElement(By.xpath("//div[contains(@class,'offer')][contains(.,'$19.00')]//button[contains(@class,'accept')]"))
			.click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "$19.00 paid with Mastercard"));

		this.browser.findElement(By.id("plan-prod_basic")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan-summary"), "credit"));
	}

	@Test
	void noraWithoutASavedCardGetsACheckoutLink() throws Exception {
		signIn("nora");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "no saved card"));
		this.browser.findElement(By.id("buy")).click();
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 2));
		this.browser.findElement(By.cssSelector(".offer .accept")).click();
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checkout-link")));
		assertThat(this.browser.findElement(By.id("result")).getText()).contains("NO_SAVED_PAYMENT_METHOD");
		screenshot("upsell-fallback.png");
	}

	@Test
	void samsBankAsksForThreeDSecureAndThePageSendsHimToConfirm() throws Exception {
		signIn("sam");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Visa •••• 3155"));
		this.browser.findElement(By.id("buy")).click();
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 2));
		this.browser.findElement(By.cssSelector(".offer .accept")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Your bank wants you to confirm"));
		WebElement confirm = this.browser.findElement(By.id("checkout-link"));
		assertThat(confirm.getText()).isEqualTo("Confirm with your bank");
		screenshot("upsell-3ds.png");
		String link = confirm.getAttribute("href");
		assertThat(link).contains("/authenticate/pay_");
		confirm.click();
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//button[text()='Complete authentication']")));
		// the bank's page is the simulator's; the customer authenticates there (without following its return
		// URL, which names the demo's default port), then comes back to the shop
		this.dodo.authenticate(link.substring(link.lastIndexOf('/') + 1));
		this.browser.get("http://localhost:" + this.port + "/");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buy")));
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".offer"), 1));
	}

	private void signIn(String user) {
		this.browser.get("http://localhost:" + this.port + "/");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username"))).sendKeys(user);
		this.browser.findElement(By.name("password")).sendKeys(user);
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buy")));
	}

	private void screenshot(String name) throws Exception {
		File file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "screenshots", name);
		Files.createDirectories(target.getParent());
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
