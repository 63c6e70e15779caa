package dev.upsell.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferService;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimPayment;

/**
 * Two application contexts on one PostgreSQL, 8 client threads each; every offer is accepted from both
 * instances at once. Reports accepts per second and duplicate charges (must be 0).
 */
final class Contention {

	record Result(int offers, double seconds, long charges, long duplicates) {

		double acceptsPerSecond() {
			return this.offers / this.seconds;
		}

	}

	private Contention() {
	}

	static Result run(String jdbcUrl, int offers) throws Exception {
		try (DodoSimulator dodo = DodoSimulator.builder().demoData(true)
			// a kind simulator: the load here is far past the rate limit real Dodo would apply
			.modes((modes) -> modes.rateLimit(0))
			.start()) {
			ConfigurableApplicationContext first = instance(jdbcUrl, dodo);
			ConfigurableApplicationContext second = instance(jdbcUrl, dodo);
			try {
				OfferService a = first.getBean(OfferService.class);
				OfferService b = second.getBean(OfferService.class);
				List<Offer> presented = new ArrayList<>();
				for (int i = 0; i < offers; i++) {
					String customer = "cus_contention_" + i;
					dodo.customer(customer, customer + "@example.com", "C", SimCard.working("pm_c_" + i));
					presented.add(a.present(customer, DemoData.COURSE, PurchaseContext.of(null)).get(0));
				}
				ConcurrentLinkedQueue<Offer> forA = new ConcurrentLinkedQueue<>(presented);
				ConcurrentLinkedQueue<Offer> forB = new ConcurrentLinkedQueue<>(presented);
				ExecutorService pool = Executors.newFixedThreadPool(16);
				CountDownLatch start = new CountDownLatch(1);
				for (int t = 0; t < 8; t++) {
					pool.submit(() -> drain(start, a, forA));
					pool.submit(() -> drain(start, b, forB));
				}
				long t0 = System.nanoTime();
				start.countDown();
				pool.shutdown();
				pool.awaitTermination(30, TimeUnit.MINUTES);
				double seconds = (System.nanoTime() - t0) / 1e9;
				List<SimPayment> charges = dodo.charges();
				Set<String> offerIds = new HashSet<>();
				long duplicates = charges.stream().filter((c) -> !offerIds.add(c.metadata().get("offer_id"))).count();
				return new Result(offers, seconds, charges.size(), duplicates);
			}
			finally {
				second.close();
				first.close();
			}
		}
	}

	private static Void drain(CountDownLatch start, OfferService offers, ConcurrentLinkedQueue<Offer> queue)
			throws InterruptedException {
		start.await();
		for (Offer offer = queue.poll(); offer != null; offer = queue.poll()) {
			try {
				offers.accept(offer.customerId(), offer.id());
			}
			catch (OfferAlreadySettledException ex) {
				// the other instance won this one
			}
		}
		return null;
	}

	private static ConfigurableApplicationContext instance(String jdbcUrl, DodoSimulator dodo) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.datasource.url=" + jdbcUrl,
					"spring.datasource.username=postgres", "spring.datasource.password=postgres",
					"spring.datasource.hikari.maximum-pool-size=10", "dodo.upsell.store.initialize-schema=always",
					"dodo.upsell.api.base-url=" + dodo.baseUrl(), "dodo.upsell.api.key=" + dodo.apiKey(), "dodo.upsell.reconciliation.enabled=false",
					"dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
					"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "logging.level.root=WARN")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
