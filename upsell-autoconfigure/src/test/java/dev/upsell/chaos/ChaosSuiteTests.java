package dev.upsell.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.TestPurchases;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.scheduling.OfferMaintenance;
import dev.upsell.store.EmbeddedPostgresSupport;
import dev.upsell.test.simulator.CardBehaviour;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;
import dev.upsell.test.simulator.SimPayment;
import dev.upsell.test.simulator.WebhookTiming;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many customers through the whole product while faults hit every layer, drawn from one seed; then the
 * invariants a payments team cares about. Two instances share one embedded PostgreSQL and the strict simulator,
 * whose webhooks race the API answers and go to either instance.
 * <p>
 * CI runs a few hundred offers. {@code -Dchaos.offers=20000} is the long mode; {@code -Dchaos.seed=N} repeats a
 * run (the seed is printed first). Both print a table: offers, faults injected by kind, each invariant's result.
 */
class ChaosSuiteTests {

	private static final int OFFERS = Integer.getInteger("chaos.offers", 300);

	private final long seed = Long.getLong("chaos.seed", ThreadLocalRandom.current().nextLong());

	private final SplittableRandom random = new SplittableRandom(this.seed);

	private final Map<String, Integer> faults = new LinkedHashMap<>();

	private final List<MeterRegistry> retiredRegistries = new ArrayList<>();

	private DodoSimulator dodo;

	private String url;

	private ConfigurableApplicationContext first;

	private volatile ConfigurableApplicationContext second;

	@AfterEach
	void stop() {
		if (this.second != null) {
			this.second.close();
		}
		if (this.first != null) {
			this.first.close();
		}
		if (this.dodo != null) {
			this.dodo.close();
		}
		// the instances set logging.level.dev.upsell; leave this JVM's later tests their own levels
		org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.upsell", null);
	}

	@Test
	void nothingIsLostAndNothingIsChargedTwiceWhateverFails() throws Exception {
		Shop.shipped.clear();
		Shop.failNext.set(0);
		System.out.println("Chaos suite: seed " + this.seed + " (repeat with -Dchaos.seed=" + this.seed + "), "
				+ OFFERS + " offers");
		this.dodo = DodoSimulator.builder()
			.webhookTiming(WebhookTiming.mixed(this.seed))
			.modes((modes) -> modes.settlementDelay(Duration.ofMillis(200)))
			.start();
		this.dodo.webhooks().retryDelays(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500));
		SplittableRandom deliveries = new SplittableRandom(this.seed + 1);
		this.dodo.webhooks().target(() -> {
			ConfigurableApplicationContext target = (deliveries.nextInt(2) == 0 || this.second == null) ? this.first
					: this.second;
			String port = (target != null && target.isActive()) ? target.getEnvironment().getProperty("local.server.port")
					: null;
			return (port != null) ? java.net.URI.create("http://127.0.0.1:" + port + "/webhooks/dodo") : null;
		});
		this.url = EmbeddedPostgresSupport.newDatabase();
		try (Connection connection = DriverManager.getConnection(this.url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE shop_fulfilments (delivery_id VARCHAR(400) PRIMARY KEY, offer_id VARCHAR(64))");
		}
		this.first = instance();
		this.second = instance();

		List<String> customers = new ArrayList<>();
		List<String> waitingForAuthentication = new ArrayList<>();
		int presented = 0;
		for (int i = 0; presented < OFFERS; i++) {
			String customer = "cus_chaos_" + i;
			customers.add(customer);
			this.dodo.customer(customer, customer + "@example.com", "Chaos " + i, card(customer));
			int step = Math.max(1, OFFERS / 12);
			if (i > 0 && i % step == 0) {
				storeOrInstanceFault(i / step);
			}
			injectFaults();
			List<Offer> offers;
			try {
				offers = service().present(customer, DemoData.COURSE, TestPurchases.of("order_" + i));
			}
			catch (RuntimeException ex) {
				count("present failed (expected under faults)");
				continue;
			}
			presented += offers.size();
			for (Offer offer : offers) {
				act(offer, waitingForAuthentication);
			}
			if (this.random.nextInt(10) == 0) {
				planChange(customer);
			}
		}

		// Customers finish or abandon 3-D Secure (also those whose accept never heard back, whose bank still asks);
		// then webhooks and reconciliation finish, bounded
		this.dodo.payments()
			.stream()
			.filter((payment) -> payment.status().equals("requires_customer_action"))
			.map(SimPayment::paymentId)
			.filter((paymentId) -> !waitingForAuthentication.contains(paymentId))
			.forEach(waitingForAuthentication::add);
		for (String paymentId : waitingForAuthentication) {
			try {
				if (this.random.nextBoolean()) {
					this.dodo.authenticate(paymentId);
				}
				else {
					this.dodo.abandonAuthentication(paymentId);
				}
			}
			catch (RuntimeException ex) {
				count("authentication already settled");
			}
		}
		this.dodo.faults().clear();
		Shop.failNext.set(0);
		settle();
		refundSome();
		settle();

		Map<String, Boolean> invariants = checkInvariants(customers);
		printTable(presented, invariants);
		assertThat(invariants).as("invariants (seed " + this.seed + ")").allSatisfy((name, held) -> assertThat(held).as(name).isTrue());
	}

	// ---- the run ----------------------------------------------------------------------------------

	private SimCard card(String customer) {
		int draw = this.random.nextInt(100);
		SimCard card = SimCard.working("pm_" + customer);
		if (draw < 12) {
			return card.behaving(CardBehaviour.DECLINES);
		}
		if (draw < 17) {
			return card.behaving(CardBehaviour.REQUIRES_AUTHENTICATION);
		}
		if (draw < 24) {
			return card.behaving(CardBehaviour.SETTLES_LATER);
		}
		if (draw < 27) {
			return card.behaving(CardBehaviour.DECLINES_LATER);
		}
		return card;
	}

	private void injectFaults() {
		int draw = this.random.nextInt(100);
		String charge = this.random.nextBoolean() ? "POST /checkouts" : "POST /payments";
		if (draw < 4) {
			this.dodo.faults().failNext(charge, 503, 1);
			count("Dodo 5xx before processing");
		}
		else if (draw < 8) {
			this.dodo.faults().failNextAfterProcessing(charge, 502, 1);
			count("Dodo 5xx after processing");
		}
		else if (draw < 11) {
			this.dodo.faults().loseAnswerNext(charge, 1);
			count("lost answer (charged, connection dropped)");
		}
		else if (draw < 14) {
			this.dodo.faults().garbageNext(charge, this.random.nextBoolean(), 1);
			count("garbage 2xx");
		}
		else if (draw < 16) {
			this.dodo.faults().delayNext(charge, Duration.ofMillis(1500), 1);
			count("latency past the read timeout");
		}
		else if (draw < 19) {
			this.dodo.faults().failNext("GET /customers/{id}/payment-methods", 429, 1);
			count("429 with Retry-After");
		}
		if (this.random.nextInt(100) < 6) {
			Shop.failNext.addAndGet(1 + this.random.nextInt(3));
			count("shop's fulfilment listener failed (its database down)");
		}
		int hook = this.random.nextInt(100);
		if (hook < 4) {
			this.dodo.webhooks().dropNext(1);
			count("webhook dropped");
		}
		else if (hook < 8) {
			this.dodo.webhooks().duplicateNext(1);
			count("webhook duplicated");
		}
		else if (hook < 11) {
			this.dodo.webhooks().reorderNext();
			count("webhooks reordered");
		}
	}

	private void act(Offer offer, List<String> waitingForAuthentication) {
		int draw = this.random.nextInt(100);
		try {
			if (draw < 15) {
				Offer downsell = service().decline(offer.customerId(), offer.id()).downsell();
				if (downsell != null && this.random.nextBoolean()) {
					accept(downsell, waitingForAuthentication);
				}
			}
			else if (draw < 90) {
				accept(offer, waitingForAuthentication);
			}
		}
		catch (RuntimeException ex) {
			count("accept or decline answered with an error");
		}
	}

	private void accept(Offer offer, List<String> waitingForAuthentication) {
		AcceptResult result;
		if (this.random.nextInt(10) == 0) {
			// a double click, on both instances at once
			CompletableFuture<AcceptResult> one = CompletableFuture.supplyAsync(() -> acceptOn(this.first, offer));
			CompletableFuture<AcceptResult> two = CompletableFuture.supplyAsync(() -> acceptOn(this.second, offer));
			result = one.join();
			two.join();
			count("double click on both instances");
		}
		else {
			result = acceptOn((this.random.nextBoolean()) ? this.first : this.second, offer);
		}
		if (result == null) {
			return;
		}
		if (result.outcome() == AcceptResult.Outcome.REDIRECT && result.offer().checkoutSessionId() != null
				&& this.random.nextBoolean()) {
			this.dodo.completeCheckout(result.offer().checkoutSessionId());
			count("fallback link paid");
		}
		if (result.outcome() == AcceptResult.Outcome.ACTION_REQUIRED && result.paymentId() != null) {
			waitingForAuthentication.add(result.paymentId());
		}
	}

	private static AcceptResult acceptOn(ConfigurableApplicationContext instance, Offer offer) {
		try {
			return instance.getBean(OfferService.class).accept(offer.customerId(), offer.id());
		}
		catch (OfferAlreadySettledException ex) {
			return ex.result();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void planChange(String customer) {
		String subscription = "sub_" + customer;
		this.dodo.subscription(subscription, customer, DemoData.BASIC);
		try {
			((this.random.nextBoolean()) ? this.first : this.second).getBean(PlanChangeService.class)
				.change(customer, subscription, DemoData.PRO, 1, PlanChangeOptions.defaults());
			count("plan change");
		}
		catch (RuntimeException ex) {
			count("plan change refused or failed");
		}
	}

	/** Quiet moment: no call in flight, then the store's connections killed, or one instance restarted. */
	private void storeOrInstanceFault(int round) throws Exception {
		this.dodo.webhooks().pause();
		try {
			if (round % 2 == 0) {
				try (Connection connection = DriverManager.getConnection(this.url, "postgres", "postgres");
						Statement statement = connection.createStatement()) {
					statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
							+ "WHERE datname = current_database() AND pid <> pg_backend_pid()");
				}
				count("database connections killed");
			}
			else {
				ConfigurableApplicationContext stopping = this.second;
				this.second = null;
				this.retiredRegistries.add(stopping.getBean(MeterRegistry.class));
				stopping.close();
				this.second = instance();
				count("instance stopped and started again");
			}
		}
		finally {
			this.dodo.webhooks().resume();
		}
	}

	private void settle() throws Exception {
		OfferRepository store = this.first.getBean(OfferRepository.class);
		// each round: webhooks delivered, both instances' maintenance and deliveries run; until nothing is open
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> {
				assertThat(this.dodo.webhooks().awaitIdle(Duration.ofSeconds(30))).isTrue();
				this.first.getBean(OfferMaintenance.class).runOnce();
				this.second.getBean(OfferMaintenance.class).runOnce();
				this.first.getBean(OfferMaintenance.class).deliverOnce();
				this.second.getBean(OfferMaintenance.class).deliverOnce();
				return store.findByStatus(OfferStatus.ACCEPTED, Instant.now().plus(Duration.ofDays(1)), 1).isEmpty()
						&& this.first.getBean(FulfilmentOutbox.class).counts().pending() == 0;
			});
	}

	private void refundSome() {
		for (SimPayment payment : this.dodo.payments()) {
			if (payment.succeeded() && payment.metadata().containsKey("offer_id") && this.random.nextInt(10) == 0) {
				long amount = this.random.nextBoolean() ? payment.totalAmount() : payment.totalAmount() / 2;
				this.dodo.refund(payment.paymentId(), amount);
				count("refund");
			}
		}
	}

	// ---- the invariants -----------------------------------------------------------------------------

	private Map<String, Boolean> checkInvariants(List<String> customers) {
		OfferRepository store = this.first.getBean(OfferRepository.class);
		Map<String, Offer> offers = new LinkedHashMap<>();
		for (String customer : customers) {
			store.findByCustomer(customer).forEach((offer) -> offers.put(offer.id(), offer));
		}
		List<SimPayment> paid = this.dodo.payments()
			.stream()
			.filter((payment) -> payment.succeeded() && payment.metadata().containsKey("offer_id"))
			.toList();
		Map<String, List<SimPayment>> byOffer = paid.stream()
			.collect(Collectors.groupingBy((payment) -> payment.metadata().get("offer_id")));
		long orphans = this.first.getBean(OrphanPayments.class).count() + this.second.getBean(OrphanPayments.class).count();

		Map<String, Boolean> invariants = new LinkedHashMap<>();
		invariants.put("1. at most one successful charge per offer",
				byOffer.values().stream().allMatch((charges) -> charges.size() == 1));
		invariants.put("2. every successful offer charge belongs to its CONVERTED offer (or is a reported orphan)",
				paid.stream().allMatch((payment) -> {
					Offer offer = offers.get(payment.metadata().get("offer_id"));
					return (offer != null && offer.status() == OfferStatus.CONVERTED
							&& payment.paymentId().equals(offer.paymentId())) || (offer == null && orphans > 0);
				}));
		List<Offer> stuck = offers.values().stream().filter((offer) -> offer.status() == OfferStatus.ACCEPTED).toList();
		for (Offer offer : stuck) {
			System.out.println("Still accepted: " + offer.id() + " reason " + offer.failureReason() + " payment "
					+ offer.paymentId() + " session " + offer.checkoutSessionId() + " dodo "
					+ this.dodo.payments().stream().filter((p) -> offer.id().equals(p.metadata().get("offer_id")))
						.map((p) -> p.paymentId() + ":" + p.status()).toList());
		}
		invariants.put("3. no offer left ACCEPTED past the reconciliation horizon", stuck.isEmpty());
		invariants.put("4. meter counts per stage equal the store's counts",
				meter("presented") == offers.size() && meter("converted") == count(offers, OfferStatus.CONVERTED)
						&& meter("declined") == count(offers, OfferStatus.DECLINED));
		long revenue = offers.values()
			.stream()
			.filter((offer) -> offer.status() == OfferStatus.CONVERTED)
			.mapToLong(Offer::paidAmount)
			.sum();
		invariants.put("5. each webhook's effect applied once (revenue and refunds)",
				revenue == revenueMeter() && offers.values()
					.stream()
					.filter((offer) -> offer.status() == OfferStatus.CONVERTED)
					.allMatch((offer) -> offer.refundedAmount() == this.dodo.refunded(offer.paymentId())));
		List<String> converted = offers.values()
			.stream()
			.filter((offer) -> offer.status() == OfferStatus.CONVERTED)
			.map(Offer::id)
			.toList();
		invariants.put("6. every converted offer is fulfilled exactly once, though the shop's listener fails",
				Shop.shipped.keySet().containsAll(converted) && converted.containsAll(Shop.shipped.keySet())
						&& Shop.shipped.values().stream().allMatch((times) -> times.get() == 1));
		return invariants;
	}

	private static long count(Map<String, Offer> offers, OfferStatus status) {
		return offers.values().stream().filter((offer) -> offer.status() == status).count();
	}

	private long meter(String stage) {
		return Math.round(registries().stream()
			.mapToDouble((registry) -> registry.find("upsell.offers").tag("stage", stage).counters().stream()
				.mapToDouble(io.micrometer.core.instrument.Counter::count)
				.sum())
			.sum());
	}

	private long revenueMeter() {
		return Math.round(registries().stream()
			.mapToDouble((registry) -> registry.find("upsell.offers.revenue").counters().stream()
				.mapToDouble(io.micrometer.core.instrument.Counter::count)
				.sum())
			.sum());
	}

	private List<MeterRegistry> registries() {
		List<MeterRegistry> all = new ArrayList<>(this.retiredRegistries);
		all.add(this.first.getBean(MeterRegistry.class));
		all.add(this.second.getBean(MeterRegistry.class));
		return all;
	}

	private void printTable(int presented, Map<String, Boolean> invariants) {
		StringBuilder table = new StringBuilder("\nChaos suite, seed " + this.seed + "\n");
		table.append(String.format("| %-88s | %8s |%n", "", "")).append(String.format("|%s|%s|%n", "-".repeat(90), "-".repeat(10)));
		table.append(String.format("| %-88s | %8s |%n", "offers presented", presented));
		new java.util.TreeMap<>(this.faults)
			.forEach((kind, times) -> table.append(String.format("| %-88s | %8d |%n", kind, times)));
		invariants.forEach((name, held) -> table.append(String.format("| %-88s | %8s |%n", name, held ? "holds" : "BROKEN")));
		System.out.println(table);
	}

	private void count(String kind) {
		synchronized (this.faults) {
			this.faults.merge(kind, 1, Integer::sum);
		}
	}

	private OfferService service() {
		return ((this.random.nextBoolean()) ? this.first : this.second).getBean(OfferService.class);
	}

	private ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(Instance.class).properties("server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + this.url, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "spring.datasource.hikari.maximum-pool-size=8",
				"dodo.upsell.store.initialize-schema=always", "dodo.upsell.api.base-url=" + this.dodo.baseUrl(), "dodo.upsell.api.key=" + this.dodo.apiKey(),
				"dodo.upsell.webhook.secret=" + this.dodo.webhookSecret(), "dodo.upsell.api.read-timeout=1s",
				"dodo.upsell.api.retry.initial-backoff=5ms", "dodo.upsell.offers.accept-wait=3s",
				"dodo.upsell.reconciliation.interval=1h", "dodo.upsell.reconciliation.after=0s",
				"dodo.upsell.reconciliation.give-up-after=5s", "dodo.upsell.reconciliation.lease=200ms",
				"dodo.upsell.offers.rules[0].id=coaching", "dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_coaching",
				"dodo.upsell.offers.rules[0].downsell-product=prod_workbook",
				"dodo.upsell.offers.rules[1].id=templates", "dodo.upsell.offers.rules[1].trigger-product=prod_course",
				"dodo.upsell.offers.rules[1].offer-product=prod_templates",
				"dodo.upsell.offers.rules[1].kind=cross-sell", "dodo.upsell.offers.rules[1].charge-with=one-time-payment",
				"logging.level.dev.upsell=ERROR")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Instance {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Shop shop(javax.sql.DataSource dataSource) {
			return new Shop(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource));
		}

	}

	/** The host's fulfilment, as the README shows it: a row per delivery id, unique; called again after a failure. */
	static class Shop {

		static final Map<String, java.util.concurrent.atomic.AtomicInteger> shipped = new java.util.concurrent.ConcurrentHashMap<>();

		static final java.util.concurrent.atomic.AtomicInteger failNext = new java.util.concurrent.atomic.AtomicInteger();

		private final org.springframework.jdbc.core.simple.JdbcClient database;

		Shop(org.springframework.jdbc.core.simple.JdbcClient database) {
			this.database = database;
		}

		@org.springframework.context.event.EventListener
		public void fulfil(OfferConverted event) {
			if (failNext.getAndUpdate((left) -> Math.max(left - 1, 0)) > 0) {
				throw new IllegalStateException("the shop's database is down");
			}
			try {
				this.database.sql("INSERT INTO shop_fulfilments (delivery_id, offer_id) VALUES (?, ?)")
					.params(event.deliveryId(), event.offer().id())
					.update();
			}
			catch (org.springframework.dao.DuplicateKeyException ex) {
				return;
			}
			shipped.computeIfAbsent(event.offer().id(), (id) -> new java.util.concurrent.atomic.AtomicInteger())
				.incrementAndGet();
		}

	}

}
