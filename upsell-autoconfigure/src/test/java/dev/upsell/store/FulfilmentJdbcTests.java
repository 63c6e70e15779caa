package dev.upsell.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop that fulfils in an {@code @EventListener} for {@link OfferConverted}, with the README's idempotent
 * pattern (a row per delivery id in the shop's own table, unique), on PostgreSQL: its fulfilment fails once,
 * twice, until a restart, and on two instances; every conversion is fulfilled exactly once, and the customer's
 * answer never depends on it.
 */
class FulfilmentJdbcTests {

	private static final Map<String, AtomicInteger> shipped = new ConcurrentHashMap<>();

	/** How many more fulfilments fail ("the shop's database is briefly down"); -1: all of them. */
	private static final AtomicInteger failing = new AtomicInteger();

	private static final AtomicInteger calls = new AtomicInteger();

	private final DodoSimulator dodo = DodoSimulator.start();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private String url;

	@BeforeEach
	void database() {
		shipped.clear();
		failing.set(0);
		calls.set(0);
		this.url = EmbeddedPostgresSupport.newDatabase();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.dodo.close();
	}

	private ConfigurableApplicationContext instance() {
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(Shop.class).properties("server.port=0",
				"spring.main.banner-mode=off", "spring.datasource.url=" + this.url,
				"spring.datasource.username=postgres", "spring.datasource.password=postgres",
				"dodo.upsell.store.initialize-schema=always", "dodo.upsell.api.base-url=" + this.dodo.baseUrl(), "dodo.upsell.api.key=" + this.dodo.apiKey(),
				"dodo.upsell.webhook.secret=" + this.dodo.webhookSecret(), "dodo.upsell.reconciliation.enabled=false",
				"dodo.upsell.fulfilment.first-backoff=200ms", "dodo.upsell.fulfilment.max-backoff=400ms",
				"dodo.upsell.fulfilment.lease=2s", "dodo.upsell.offers.rules[0].id=coaching",
				"dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching", "logging.level.dev.upsell=ERROR",
				"management.endpoints.web.exposure.include=upsell")
			.run();
		this.instances.add(instance);
		return instance;
	}

	private Offer charged(ConfigurableApplicationContext instance, String customer) {
		this.dodo.customer(customer, customer + "@example.com", customer, SimCard.working("pm_" + customer));
		OfferService offers = instance.getBean(OfferService.class);
		Offer offer = offers.present(customer, DemoData.COURSE, TestPurchases.of("order_" + customer)).get(0);
		// the customer's answer does not depend on the shop's fulfilment
		assertThat(offers.accept(customer, offer.id()).outcome()).isEqualTo(AcceptResult.Outcome.CHARGED);
		return offer;
	}

	private static long pending(ConfigurableApplicationContext instance) {
		return instance.getBean(FulfilmentOutbox.class).counts().pending();
	}

	@Test
	void aFulfilmentThatFailsOnceThenTwiceIsCalledAgainUntilItWorksAndShipsOnce() {
		ConfigurableApplicationContext shop = instance();
		failing.set(1);
		Offer once = charged(shop, "cus_once");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shipped.containsKey(once.id()));
		failing.set(2);
		Offer twice = charged(shop, "cus_twice");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shipped.containsKey(twice.id()));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pending(shop) == 0);
		assertThat(shipped).containsOnlyKeys(once.id(), twice.id());
		assertThat(shipped.values()).allSatisfy((times) -> assertThat(times.get()).isEqualTo(1));
		// 1 + 1 failed, then the webhook's conversion is no new delivery: 2 + 3 calls in all
		assertThat(calls.get()).isEqualTo(5);
	}

	@Test
	void aFulfilmentFailingUntilARestartIsDeliveredByTheNextInstanceOnce() {
		ConfigurableApplicationContext shop = instance();
		failing.set(-1);
		Offer offer = charged(shop, "cus_restart");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
		assertThat(pending(shop)).isEqualTo(1);
		io.micrometer.core.instrument.MeterRegistry meters = shop.getBean(io.micrometer.core.instrument.MeterRegistry.class);
		assertThat(meters.get("upsell.fulfilment.deliveries").tag("state", "pending").gauge().value()).isEqualTo(1);
		assertThat(meters.get("upsell.fulfilment.failures").tag("kind", "converted").counter().count())
			.isGreaterThanOrEqualTo(3);
		assertThat(shop.getBean(dev.upsell.metrics.UpsellEndpoint.class).funnel()).extractingByKey("fulfilment")
			.satisfies((fulfilment) -> assertThat(fulfilment.toString()).contains(offer.id() + ":converted")
				.contains("IllegalStateException").doesNotContain("cus_restart"));
		shop.close();
		this.instances.remove(shop);

		failing.set(0);
		ConfigurableApplicationContext restarted = instance();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shipped.containsKey(offer.id()));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pending(restarted) == 0);
		assertThat(shipped.get(offer.id()).get()).isEqualTo(1);
	}

	@Test
	void twoInstancesDeliverEachRecordOnce() {
		ConfigurableApplicationContext first = instance();
		ConfigurableApplicationContext second = instance();
		failing.set(-1);
		List<Offer> offers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			offers.add(charged((i % 2 == 0) ? first : second, "cus_pair_" + i));
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending(first) == 20);
		int failedCalls = calls.get();
		failing.set(0);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending(first) == 0);
		assertThat(shipped).hasSize(20);
		assertThat(shipped.values()).allSatisfy((times) -> assertThat(times.get()).isEqualTo(1));
		assertThat(calls.get() - failedCalls).as("successful deliveries: one per record, on one instance").isEqualTo(20);
	}

	/** The host, as the README shows it. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Shop {

		@Bean
		io.micrometer.core.instrument.simple.SimpleMeterRegistry meterRegistry() {
			return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		}

		@Bean
		Fulfilment fulfilment(DataSource dataSource) {
			JdbcClient.create(dataSource)
				.sql("CREATE TABLE IF NOT EXISTS shop_fulfilments (delivery_id VARCHAR(400) PRIMARY KEY, offer_id VARCHAR(64))")
				.update();
			return new Fulfilment(JdbcClient.create(dataSource));
		}

	}

	/** Fulfils each conversion once, by its delivery id; may be called again for one. */
	static class Fulfilment {

		private final JdbcClient shopDatabase;

		Fulfilment(JdbcClient shopDatabase) {
			this.shopDatabase = shopDatabase;
		}

		@EventListener
		@Transactional
		public void fulfil(OfferConverted event) {
			calls.incrementAndGet();
			int left = failing.get();
			if (left != 0) {
				failing.compareAndSet(left, (left > 0) ? left - 1 : left);
				throw new IllegalStateException("shop database down for " + event.offer().customerId());
			}
			try {
				this.shopDatabase.sql("INSERT INTO shop_fulfilments (delivery_id, offer_id) VALUES (?, ?)")
					.params(event.deliveryId(), event.offer().id())
					.update();
			}
			catch (DuplicateKeyException ex) {
				return; // fulfilled before: this is a delivery again
			}
			shipped.computeIfAbsent(event.offer().id(), (id) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
