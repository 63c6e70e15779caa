package dev.upsell.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.RestClient;

import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.metrics.internal.UpsellFunnel;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.MutableClock;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestOffers;
import dev.upsell.offer.TestPurchases;
import dev.upsell.restclient.DodoClientSettings;
import dev.upsell.restclient.RestDodoClient;
import dev.upsell.test.junit.DodoSimulatorExtension;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.webhook.WebhookAnswered;
import dev.upsell.webhook.WebhookOutcome;

import static org.assertj.core.api.Assertions.assertThat;

class UpsellMetricsTests {

	@RegisterExtension
	static final DodoSimulatorExtension simulator = new DodoSimulatorExtension();

	private static final OfferRule COACHING = new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
			OfferKind.UPSELL, 1, DemoData.WORKBOOK, ChargeMethod.CHECKOUT_SESSION);

	private final DodoSimulator dodo = simulator.simulator();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final UpsellMetrics metrics = new UpsellMetrics(this.registry);

	private final MutableClock clock = new MutableClock(Instant.now());

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final DodoClient client;

	private final TestOffers parts;

	private final OfferService offers;

	UpsellMetricsTests() {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.registry));
		this.client = new RestDodoClient(RestClient.builder(), new DodoClientSettings(this.dodo.baseUrl(), this.dodo.apiKey(),
				Duration.ofSeconds(1), Duration.ofSeconds(2),
				new DodoClientSettings.ReadRetry(3, Duration.ofMillis(5), Duration.ofMillis(50))), this.observations);
		this.parts = TestOffers.with(new InMemoryOfferRepository(), this.client, this.clock)
			.rules(List.of(COACHING))
			.returnUrl(null)
			.events(this::publish)
			.build();
		this.offers = this.parts.service();
	}

	/** What the context's event multicaster does for the metrics' listeners. */
	private void publish(Object event) {
		if (event instanceof OfferChanged changed) {
			this.metrics.onOfferChanged(changed);
		}
		else if (event instanceof WebhookAnswered answered) {
			this.metrics.onWebhookAnswered(answered);
		}
	}

	@Test
	void everyStageOfEveryOfferCountsOnce() {
		Offer converted = present(DemoData.ALICE);
		this.offers.accept(DemoData.ALICE, converted.id());
		Offer declined = present(DemoData.BOB);
		Offer downsell = this.offers.decline(DemoData.BOB, declined.id()).downsell();
		this.offers.accept(DemoData.BOB, downsell.id());
		Offer redirected = present(DemoData.NO_CARD_CUSTOMER);
		this.offers.accept(DemoData.NO_CARD_CUSTOMER, redirected.id());
		this.dodo.customer("cus_lost", "lost@example.com", "Lou", dev.upsell.test.simulator.SimCard.working("pm_lost"));
		Offer failing = present("cus_lost");
		this.dodo.faults().failNext("POST /checkouts", 500, 1);
		this.offers.accept("cus_lost", failing.id());
		present(DemoData.EXPIRED_CARD_CUSTOMER);

		assertThat(count("presented", "upsell")).isEqualTo(5);
		assertThat(count("presented", "downsell")).isEqualTo(1);
		assertThat(count("accepted", "upsell")).isEqualTo(2);
		assertThat(count("accepted", "downsell")).isEqualTo(1);
		assertThat(count("converted", "upsell")).isEqualTo(1);
		assertThat(count("converted", "downsell")).isEqualTo(1);
		assertThat(count("declined", "upsell")).isEqualTo(1);
		assertThat(count("redirected", "upsell")).isEqualTo(1);
		assertThat(revenue("upsell")).isEqualTo(9900);
		assertThat(revenue("downsell")).isEqualTo(1900);

		// the charge with the lost answer fails by webhook, then the same event again: one count
		Payment payment = new Payment("pay_x", dev.upsell.dodo.PaymentStatus.FAILED, 9900, "USD", null,
				Map.of("offer_id", failing.id()), null, null, null, null, null, "CARD_DECLINED", null, null, null);
		this.parts.settlement().paymentFailed(failing.id(), payment);
		this.parts.settlement().paymentFailed(failing.id(), payment);
		assertThat(count("failed", "upsell")).isEqualTo(1);

		// a late success converts it; the duplicate success does not count again
		Payment succeeded = new Payment("pay_x", dev.upsell.dodo.PaymentStatus.SUCCEEDED, 9900, "USD", null,
				Map.of("offer_id", failing.id()), null, null, null, null, null, null, null, null, null);
		this.parts.settlement().paymentSucceeded(failing.id(), succeeded);
		this.parts.settlement().paymentSucceeded(failing.id(), succeeded);
		assertThat(count("converted", "upsell")).isEqualTo(2);
		assertThat(revenue("upsell")).isEqualTo(19800);

		this.clock.advance(Duration.ofMinutes(31));
		this.parts.housekeeping().run(100);
		assertThat(count("expired", "upsell")).isEqualTo(1);
	}

	@Test
	void dodoCallsAreTimedByOperationAndOutcome() {
		present(DemoData.ALICE);
		this.dodo.faults().failNext("GET /products/{id}", 404, 1);
		try {
			this.client.getProduct(DemoData.COURSE);
		}
		catch (RuntimeException expected) {
		}
		assertThat(this.registry.get(UpsellMetrics.DODO_REQUESTS)
			.tag("operation", "GET /products/{id}")
			.tag("outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(UpsellMetrics.DODO_REQUESTS)
			.tag("operation", "GET /products/{id}")
			.tag("outcome", "client_error")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void webhookOutcomesAreCountedWithBoundedTypes() {
		this.metrics.onWebhookAnswered(new WebhookAnswered("payment.succeeded", WebhookOutcome.HANDLED));
		this.metrics.onWebhookAnswered(new WebhookAnswered("payment.succeeded", WebhookOutcome.DUPLICATE));
		this.metrics.onWebhookAnswered(new WebhookAnswered("unverified", WebhookOutcome.INVALID_SIGNATURE));
		this.metrics.onWebhookAnswered(new WebhookAnswered("Robert'); DROP TABLE", WebhookOutcome.HANDLED));
		assertThat(this.registry.get(UpsellMetrics.WEBHOOKS).tag("type", "payment.succeeded").tag("outcome", "handled")
			.counter().count()).isEqualTo(1);
		assertThat(this.registry.get(UpsellMetrics.WEBHOOKS).tag("outcome", "invalid_signature").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get(UpsellMetrics.WEBHOOKS).tag("type", "other").counter().count()).isEqualTo(1);
	}

	@Test
	void tenThousandOffersToTenThousandCustomersStayWithinRulesTimesStagesTimesKinds() {
		List<String> rules = List.of("coaching", "templates", "bundle");
		for (int i = 0; i < 10_000; i++) {
			String rule = rules.get(i % rules.size());
			OfferKind kind = (i % 2 == 0) ? OfferKind.UPSELL : OfferKind.CROSS_SELL;
			Offer offer = new Offer("off_" + i, "cus_" + i, rule, kind, "prod", 1, new Money(100, "USD"),
					OfferStatus.PRESENTED, null, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null, null, null, null,
					null, null, 0, 0, Map.of());
			this.metrics.onOfferChanged(new OfferChanged(null, offer));
			Offer accepted = offer.moveTo(OfferStatus.ACCEPTED, Instant.EPOCH);
			this.metrics.onOfferChanged(new OfferChanged(offer, accepted));
			OfferStatus end = switch (i % 3) {
				case 0 -> OfferStatus.CONVERTED;
				case 1 -> OfferStatus.FAILED;
				default -> OfferStatus.REDIRECTED;
			};
			this.metrics.onOfferChanged(new OfferChanged(accepted, accepted.moveTo(end, Instant.EPOCH)));
		}
		long offerSeries = this.registry.find(UpsellMetrics.OFFERS).meters().size();
		long stages = OfferStatus.values().length;
		assertThat(offerSeries).isLessThanOrEqualTo(rules.size() * stages * 2);
		assertThat(this.registry.getMeters()).extracting((Meter meter) -> meter.getId().getTags().toString())
			.noneMatch((tags) -> tags.contains("cus_") || tags.contains("off_"));
	}

	@Test
	void theFunnelShowsConversionRateAndRevenuePerRule() {
		Offer converted = present(DemoData.ALICE);
		this.offers.accept(DemoData.ALICE, converted.id());
		present(DemoData.BOB);
		UpsellFunnel.Stage stage = new UpsellFunnel(this.registry, new ConfiguredFunnels(new ConfiguredOfferRules(List.of(COACHING)), List.of()))
			.byRule()
			.get("coaching");
		assertThat(stage.presented()).isEqualTo(2);
		assertThat(stage.converted()).isEqualTo(1);
		assertThat(stage.conversionRate()).isEqualTo(0.5);
		assertThat(stage.revenue()).containsEntry("USD", 9900L);
		assertThat(stage.kinds()).containsOnlyKeys("upsell");
		assertThat(stage.kinds().get("upsell").converted()).isEqualTo(1);
	}

	@Test
	void aRulesDownsellIsSeenApartFromItsUpsell() {
		Offer declined = present(DemoData.BOB);
		Offer downsell = this.offers.decline(DemoData.BOB, declined.id()).downsell();
		this.offers.accept(DemoData.BOB, downsell.id());
		UpsellFunnel.Stage stage = new UpsellFunnel(this.registry, new ConfiguredFunnels(new ConfiguredOfferRules(List.of(COACHING)), List.of()))
			.byRule()
			.get("coaching");
		assertThat(stage.presented()).isEqualTo(2);
		assertThat(stage.kinds().get("upsell").declined()).isEqualTo(1);
		assertThat(stage.kinds().get("upsell").converted()).isZero();
		assertThat(stage.kinds().get("downsell").converted()).isEqualTo(1);
		assertThat(stage.kinds().get("downsell").revenue()).containsEntry("USD", 1900L);
	}

	private Offer present(String customerId) {
		return this.offers.present(customerId, DemoData.COURSE, TestPurchases.of(null)).get(0);
	}

	private double count(String stage, String kind) {
		var counter = this.registry.find(UpsellMetrics.OFFERS).tag("stage", stage).tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double revenue(String kind) {
		var counter = this.registry.find(UpsellMetrics.REVENUE).tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
