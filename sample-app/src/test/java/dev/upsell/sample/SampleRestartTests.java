package dev.upsell.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimWebhook;
import dev.upsell.test.simulator.WebhookTiming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo restarted while Dodo keeps running: offers and handled webhook ids live in its database file, so an
 * offer whose charge went through before the restart settles after it, and a webhook replayed after the
 * restart is not handled twice.
 */
class SampleRestartTests {

	private final DodoSimulator dodo = DodoSimulator.builder().webhookTiming(WebhookTiming.afterAnswer()).start();

	private final AtomicReference<ConfigurableApplicationContext> app = new AtomicReference<>();

	@AfterEach
	void stop() {
		if (this.app.get() != null) {
			this.app.get().close();
		}
		this.dodo.close();
	}

	@Test
	void anOfferAcceptedBeforeARestartSettlesAfterItAndAReplayedWebhookIsHandledOnce() throws Exception {
		Path data = Files.createTempDirectory("upsell-demo");
		this.dodo.webhooks().target(() -> {
			ConfigurableApplicationContext running = this.app.get();
			String port = (running != null && running.isActive())
					? running.getEnvironment().getProperty("local.server.port") : null;
			return (port != null) ? java.net.URI.create("http://127.0.0.1:" + port + "/webhooks/dodo") : null;
		});
		this.app.set(start(data));
		OfferService offers = this.app.get().getBean(OfferService.class);
		Offer offer = offers.present(DemoData.ALICE, DemoData.COURSE, PurchaseContext.of("order_1")
			.withBillingAddress(new dev.upsell.dodo.BillingAddress("US", "San Francisco", "CA", "1 Market St", "94105")))
			.get(0);
		// the charge goes through, but its answer is lost and its webhook waits until after the restart
		this.dodo.webhooks().pause();
		this.dodo.faults().loseAnswerNext("POST /payments", 1).loseAnswerNext("POST /checkouts", 1);
		assertThat(offers.accept(DemoData.ALICE, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.PENDING);
		assertThat(this.dodo.charges()).singleElement().satisfies((charge) -> assertThat(charge.succeeded()).isTrue());
		this.app.get().close();

		this.app.set(start(data));
		OfferService restarted = this.app.get().getBean(OfferService.class);
		assertThat(restarted.find(DemoData.ALICE, offer.id())).get().extracting(Offer::status)
			.isEqualTo(OfferStatus.ACCEPTED);
		this.dodo.webhooks().resume();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> restarted.find(DemoData.ALICE, offer.id()).orElseThrow().status() == OfferStatus.CONVERTED);

		// the same signed webhook again, after another restart: remembered, not handled twice
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		this.app.get().close();
		this.app.set(start(data));
		SimWebhook succeeded = this.dodo.webhooks().events("payment.succeeded").get(0);
		this.dodo.webhooks().redeliver(succeeded);
		assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
		MeterRegistry meters = this.app.get().getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> meters.find("upsell.webhooks").tag("outcome", "duplicate").counter() != null);
		assertThat(meters.get("upsell.webhooks").tag("outcome", "duplicate").counter().count()).isEqualTo(1.0);
		assertThat(meters.find("upsell.webhooks").tag("outcome", "handled").counter()).isNull();
		assertThat(this.app.get().getBean(OfferService.class).find(DemoData.ALICE, offer.id()).orElseThrow().paidAmount())
			.isEqualTo(9900);
	}

	private ConfigurableApplicationContext start(Path data) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + data.resolve("upsell-demo").toAbsolutePath(),
				"--dodo.upsell.api.base-url=" + this.dodo.baseUrl(), "--dodo.upsell.api.key=" + this.dodo.apiKey(),
				"--dodo.upsell.webhook.secret=" + this.dodo.webhookSecret(), "--dodo.upsell.reconciliation.enabled=false");
	}

}
