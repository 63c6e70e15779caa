package dev.upsell.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's chromium, headless, driven through chromium-driver, on the demo at a given port. Where either is
 * missing, the test is skipped and the console names what is missing and how to install it.
 */
final class DemoBrowser implements AutoCloseable {

	/** A phone's viewport width in CSS pixels (an iPhone 12 to 15). */
	static final int PHONE_WIDTH = 390;

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver driver;

	private final WebDriverWait wait;

	private final int port;

	private DemoBrowser(int port, int width, int height) throws IOException {
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--hide-scrollbars", "--window-size=" + width + "," + height,
					"--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.driver, Duration.ofSeconds(15));
		this.port = port;
	}

	/**
	 * Opens a desktop-sized browser, or skips the test naming what is missing.
	 * @param port the demo's port
	 * @return the browser
	 * @throws IOException when its profile folder cannot be made
	 */
	static DemoBrowser open(int port) throws IOException {
		return open(port, 1200, 1500);
	}

	/**
	 * Opens a browser with the given viewport, or skips the test naming what is missing.
	 * @param port the demo's port
	 * @param width the window width
	 * @param height the window height
	 * @return the browser
	 * @throws IOException when its profile folder cannot be made
	 */
	static DemoBrowser open(int port, int width, int height) throws IOException {
		List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter((path) -> !Files.isExecutable(path))
			.map(Path::toString)
			.toList();
		if (!missing.isEmpty()) {
			String message = "Browser test SKIPPED: " + String.join(" and ", missing)
					+ " not found. Install Debian's chromium and chromium-driver: apt-get install chromium chromium-driver";
			System.err.println(message);
			assumeTrue(false, message);
		}
		return new DemoBrowser(port, width, height);
	}

	/**
	 * A free local port for a demo whose return URL must name the port it really runs on.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void signIn(String user) {
		this.driver.get("http://localhost:" + this.port + "/");
		waitFor(ExpectedConditions.presenceOfElementLocated(By.name("username"))).sendKeys(user);
		this.driver.findElement(By.name("password")).sendKeys(user);
		this.driver.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as"));
	}

	<T> T waitFor(ExpectedCondition<T> condition) {
		return this.wait.until(condition);
	}

	void waitForText(String id, String text) {
		waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	/** Everything the page shows, as the customer reads it. */
	String visibleText() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/** Whether the page is wider than the window: the customer would have to scroll sideways. */
	boolean scrollsSideways() {
		return (Boolean) script("return document.documentElement.scrollWidth > window.innerWidth");
	}

	WebDriver driver() {
		return this.driver;
	}

	void screenshot(String name) throws IOException {
		File file = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "screenshots", name);
		Files.createDirectories(target.getParent());
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
