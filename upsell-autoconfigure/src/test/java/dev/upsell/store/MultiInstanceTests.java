package dev.upsell.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimPayment;
import dev.upsell.test.simulator.WebhookSigner;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.WebhookOutcome;
import dev.upsell.webhook.WebhookProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/** Two application instances sharing one PostgreSQL and one Dodo: never two charges for one offer. */
class MultiInstanceTests {

	private static final int OFFERS = 1000;

	private static DodoSimulator dodo;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		// needs a kind simulator: this load is far past the rate limit a real Dodo account has
		dodo = DodoSimulator.builder().modes((modes) -> modes.rateLimit(0)).start();
		String url = EmbeddedPostgresSupport.newDatabase();
		first = instance(url);
		second = instance(url);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		dodo.close();
	}

	static ConfigurableApplicationContext instance(String url) {
		return new SpringApplicationBuilder(Instance.class).properties("server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + url, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "spring.datasource.hikari.maximum-pool-size=12",
				"dodo.upsell.store.initialize-schema=always", "dodo.upsell.api.base-url=" + dodo.baseUrl(), "dodo.upsell.api.key=" + dodo.apiKey(),
				"dodo.upsell.webhook.secret=" + dodo.webhookSecret(), "dodo.upsell.reconciliation.enabled=false",
				"dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "logging.level.dev.upsell=WARN")
			.run();
	}

	@Test
	void aThousandOffersAcceptedFromBothInstancesAtOnceAreChargedExactlyOnceEach() throws Exception {
		assertThat(first.getBean(OfferRepository.class)).isInstanceOf(JdbcOfferRepository.class);
		OfferService a = first.getBean(OfferService.class);
		OfferService b = second.getBean(OfferService.class);
		List<Offer> offers = new ArrayList<>();
		for (int i = 0; i < OFFERS; i++) {
			String customer = "cus_many_" + i;
			dodo.customer(customer, customer + "@example.com", "C" + i, SimCard.working("pm_many_" + i));
			offers.add(((i % 2 == 0) ? a : b).present(customer, DemoData.COURSE, TestPurchases.of("order_" + i)).get(0));
		}
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> results = new ArrayList<>();
		for (Offer offer : offers) {
			for (OfferService instance : List.of(a, b)) {
				results.add(pool.submit(accept(start, instance, offer)));
			}
		}
		start.countDown();
		Set<String> paymentIds = new java.util.HashSet<>();
		for (Future<String> result : results) {
			paymentIds.add(result.get(120, TimeUnit.SECONDS));
		}
		pool.shutdown();

		List<SimPayment> charges = dodo.charges().stream().filter((c) -> c.customerId().startsWith("cus_many_")).toList();
		assertThat(charges).hasSize(OFFERS);
		assertThat(charges.stream().map((c) -> c.metadata().get("offer_id")).collect(Collectors.toSet())).hasSize(OFFERS);
		assertThat(paymentIds).hasSize(OFFERS)
			.isEqualTo(charges.stream().map(SimPayment::paymentId).collect(Collectors.toSet()));
		for (Offer offer : offers) {
			assertThat(a.find(offer.customerId(), offer.id()).orElseThrow().status()).isEqualTo(OfferStatus.CONVERTED);
		}
	}

	private static Callable<String> accept(CountDownLatch start, OfferService instance, Offer offer) {
		return () -> {
			start.await();
			try {
				AcceptResult result = instance.accept(offer.customerId(), offer.id());
				return result.paymentId();
			}
			catch (OfferAlreadySettledException ex) {
				return ex.result().paymentId();
			}
		};
	}

	@Test
	void theSameWebhookDeliveredToBothInstancesIsHandledOnce() throws Exception {
		long now = Instant.now().getEpochSecond();
		String body = "{\"business_id\":\"b\",\"type\":\"payment.processing\",\"timestamp\":\"2026-11-24T10:00:00Z\","
				+ "\"data\":{\"payment_id\":\"pay_shared\",\"status\":\"processing\",\"total_amount\":1,\"currency\":\"USD\"}}";
		String signature = new WebhookSigner(dodo.webhookSecret()).sign("msg_shared", now, body);
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<WebhookOutcome>> outcomes = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			WebhookProcessor processor = instance.getBean(WebhookProcessor.class);
			outcomes.add(pool.submit(() -> {
				start.await();
				return processor.process("msg_shared", Long.toString(now), signature, bytes).outcome();
			}));
		}
		start.countDown();
		List<WebhookOutcome> answered = new ArrayList<>();
		for (Future<WebhookOutcome> outcome : outcomes) {
			answered.add(outcome.get(10, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(answered).containsExactlyInAnyOrder(WebhookOutcome.HANDLED, WebhookOutcome.DUPLICATE);
		assertThat(first.getBean(Events.class).count.get() + second.getBean(Events.class).count.get()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Instance {

		@Bean
		Events events() {
			return new Events();
		}

	}

	static class Events {

		final AtomicInteger count = new AtomicInteger();

		@EventListener
		void on(DodoEvent.PaymentProcessing event) {
			this.count.incrementAndGet();
		}

	}

}
