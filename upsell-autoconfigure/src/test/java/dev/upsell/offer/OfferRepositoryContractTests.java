package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.store.EmbeddedPostgresSupport;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** One contract, three stores: in memory, H2, and a real PostgreSQL. */
class OfferRepositoryContractTests {

	abstract static class Contract {

		private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z").truncatedTo(ChronoUnit.MILLIS);

		OfferRepository repository;

		abstract OfferRepository newRepository();

		/** Whether the store is shared by instances, so a claim keeps other callers off. */
		boolean claimsAreShared() {
			return true;
		}

		@BeforeEach
		void setUp() {
			this.repository = newRepository();
		}

		static Offer offer(String id, String customer, OfferStatus status, Instant at) {
			return offer(id, customer, "rule_" + id, status, at);
		}

		static Offer offer(String id, String customer, String rule, OfferStatus status, Instant at) {
			return new Offer(id, customer, rule, OfferKind.UPSELL, "prod_x", 2, new Money(9900, "USD"), status,
					(status == OfferStatus.ACCEPTED) ? AcceptedStep.CHARGING : null, 0, at,
					at.plusSeconds(1800), at, "prod_t", "order_1", null, null, null, null, null, 0, 0,
					Map.of("channel", "email", "é", "ü"));
		}

		@Test
		void storesAndReadsBackEveryField() {
			Offer offer = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			this.repository.insert(offer);
			assertThat(this.repository.findById("off_1")).contains(offer);
			assertThat(this.repository.findById("off_missing")).isEmpty();
		}

		@Test
		void anOffersTypedDetailsAreStoredAndReadBackApartFromThePurchase() {
			Offer plain = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			OfferDetails details = OfferDetails.atStep("coaching", ChargeMethod.ONE_TIME_PAYMENT)
				.inExperiment("copy", "warm", "Book two calls \"now\"")
				.pricedAt(4900L, true, false);
			Offer offer = new Offer(plain.id(), plain.customerId(), plain.ruleId(), plain.kind(), plain.productId(),
					plain.quantity(), plain.price(), plain.status(), null, 0, T0, plain.expiresAt(), T0, null, null, null,
					null, null, null, null, 0, 0, plain.context(), null, details);
			this.repository.insert(offer);
			Offer read = this.repository.findById("off_1").orElseThrow();
			assertThat(read.details()).isEqualTo(details);
			assertThat(read.context()).containsExactlyInAnyOrderEntriesOf(Map.of("channel", "email", "é", "ü"));
			assertThat(read.funnelStep()).isEqualTo("coaching");
			assertThat(read.openSlot()).isEqualTo(offer.openSlot()).endsWith("/coaching");
		}

		@Test
		void theCurrencyAPaymentWasMadeInIsKeptWithTheOffer() {
			Offer offer = offer("off_1", "cus_a", OfferStatus.REDIRECTED, T0);
			this.repository.insert(offer);
			Offer paid = offer.withPayment("pay_1", null, T0)
				.moveTo(OfferStatus.CONVERTED, T0)
				.withOutcome(null, null, 8900)
				.paidIn("EUR");
			assertThat(this.repository.compareAndSet(offer, paid)).isPresent();
			assertThat(this.repository.findById("off_1").orElseThrow().paid()).isEqualTo(new Money(8900, "EUR"));
		}

		@Test
		void aDuplicateIdIsRefused() {
			this.repository.insert(offer("off_1", "cus_a", OfferStatus.PRESENTED, T0));
			assertThatIllegalStateException()
				.isThrownBy(() -> this.repository.insert(offer("off_1", "cus_b", OfferStatus.PRESENTED, T0)));
		}

		@Test
		void aSecondOpenOfferOfTheSameCustomerAndRuleIsRefusedUntilTheFirstIsSettled() {
			Offer first = offer("off_1", "cus_a", "coaching", OfferStatus.PRESENTED, T0);
			this.repository.insert(first);
			assertThatExceptionOfType(OpenOfferExistsException.class)
				.isThrownBy(() -> this.repository.insert(offer("off_2", "cus_a", "coaching", OfferStatus.PRESENTED, T0)));
			this.repository.insert(offer("off_3", "cus_b", "coaching", OfferStatus.PRESENTED, T0));
			this.repository.insert(offer("off_4", "cus_a", "templates", OfferStatus.PRESENTED, T0));
			Offer accepted = this.repository.compareAndSet(first, first.moveTo(OfferStatus.ACCEPTED, T0.plusSeconds(1)))
				.orElseThrow();
			assertThatExceptionOfType(OpenOfferExistsException.class)
				.isThrownBy(() -> this.repository.insert(offer("off_5", "cus_a", "coaching", OfferStatus.PRESENTED, T0)));
			assertThat(this.repository.compareAndSet(accepted, accepted.moveTo(OfferStatus.CONVERTED, T0.plusSeconds(2))))
				.isPresent();
			this.repository.insert(offer("off_6", "cus_a", "coaching", OfferStatus.PRESENTED, T0.plusSeconds(3)));
			assertThat(this.repository.findById("off_2")).isEmpty();
		}

		@Test
		void tenConcurrentPresentsOfOneRuleLeaveOneOpenOffer() throws Exception {
			ExecutorService pool = Executors.newFixedThreadPool(10);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Boolean>> inserted = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				String id = "off_c" + i;
				inserted.add(pool.submit(() -> {
					go.await();
					try {
						this.repository.insert(offer(id, "cus_a", "coaching", OfferStatus.PRESENTED, T0));
						return true;
					}
					catch (OpenOfferExistsException ex) {
						return false;
					}
				}));
			}
			go.countDown();
			int stored = 0;
			for (Future<Boolean> result : inserted) {
				stored += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
			}
			pool.shutdown();
			assertThat(stored).isEqualTo(1);
			assertThat(this.repository.findByCustomer("cus_a")).hasSize(1);
		}

		@Test
		void findsACustomersOffersNewestFirst() {
			this.repository.insert(offer("off_1", "cus_a", OfferStatus.PRESENTED, T0));
			this.repository.insert(offer("off_2", "cus_a", OfferStatus.PRESENTED, T0.plusSeconds(5)));
			this.repository.insert(offer("off_3", "cus_b", OfferStatus.PRESENTED, T0));
			assertThat(this.repository.findByCustomer("cus_a")).extracting(Offer::id).containsExactly("off_2", "off_1");
		}

		@Test
		void compareAndSetWinsOnceAndRecordsEveryChangedField() {
			Offer offer = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			this.repository.insert(offer);
			Offer accepted = this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, T0.plusSeconds(1)))
				.orElseThrow();
			assertThat(accepted.version()).isEqualTo(1);
			assertThat(accepted.step()).isEqualTo(AcceptedStep.CHARGING);
			assertThat(this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, T0))).isEmpty();
			Offer paid = this.repository.compareAndSet(accepted, accepted.withPayment("pay_1", "cks_1", T0.plusSeconds(2))
				.atStep(AcceptedStep.ACTION_REQUIRED, T0.plusSeconds(2))
				.withOutcome("https://checkout", "REASON", 9900)).orElseThrow();
			assertThat(this.repository.findById("off_1")).contains(paid);
			// the repository owns the version, whatever the caller's copy carries
			Offer converted = this.repository.compareAndSet(paid,
					paid.moveTo(OfferStatus.CONVERTED, T0.plusSeconds(3)).withRefund(100, T0.plusSeconds(3)).withVersion(99))
				.orElseThrow();
			assertThat(converted.version()).isEqualTo(3);
			assertThat(converted.step()).isNull();
			assertThat(converted.checkoutUrl()).as("the authentication link goes with its step").isNull();
			assertThat(this.repository.findById("off_1")).contains(converted);
			assertThat(this.repository.findByPaymentId("pay_1")).contains(converted);
		}

		@Test
		void reconciliationTakesOffersNeverLookedAtFirstNewestFirstThenTheEarliestDueAndHonoursNextChecks() {
			Instant now = T0.plusSeconds(3600);
			for (String id : new String[] { "off_old", "off_older", "off_new" }) {
				Instant at = switch (id) {
					case "off_older" -> T0;
					case "off_old" -> T0.plusSeconds(60);
					default -> T0.plusSeconds(600);
				};
				Offer offer = offer(id, "cus_" + id, OfferStatus.PRESENTED, at);
				this.repository.insert(offer);
				this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, at)).orElseThrow();
			}
			assertThat(this.repository.claimForReconciliation(now, now, Duration.ofMinutes(1), 1)).extracting(Offer::id)
				.containsExactly("off_new");
			// looked at, no outcome: off_new is due in an hour, off_older in 10 minutes; off_old was never looked at
			this.repository.scheduleNextCheck("off_new", now.plusSeconds(3600));
			assertThat(this.repository.claimForReconciliation(now, now, Duration.ofMinutes(1), 1)).extracting(Offer::id)
				.containsExactly("off_old");
			this.repository.scheduleNextCheck("off_old", now.plusSeconds(1200));
			assertThat(this.repository.claimForReconciliation(now, now, Duration.ofMinutes(1), 10)).extracting(Offer::id)
				.containsExactly("off_older");
			this.repository.scheduleNextCheck("off_older", now.plusSeconds(600));
			assertThat(this.repository.claimForReconciliation(now, now.plusSeconds(1300), Duration.ofMinutes(1), 10))
				.extracting(Offer::id)
				.as("due by their next checks, earliest first; not before")
				.containsExactly("off_older", "off_old");
		}

		@Test
		void reconciliationClaimsEachStaleAcceptedOfferOncePerLease() {
			Offer offer = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			this.repository.insert(offer);
			this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, T0)).orElseThrow();
			Instant now = T0.plusSeconds(600);
			assertThat(this.repository.claimForReconciliation(now, now, Duration.ofMinutes(1), 10))
				.extracting(Offer::id)
				.containsExactly("off_1");
			if (!claimsAreShared()) {
				return;
			}
			assertThat(this.repository.claimForReconciliation(now, now.plusSeconds(30), Duration.ofMinutes(1), 10))
				.as("another instance within the lease")
				.isEmpty();
			assertThat(this.repository.claimForReconciliation(now, now.plusSeconds(61), Duration.ofMinutes(1), 10))
				.as("after the lease")
				.hasSize(1);
		}

		@Test
		void aStaleStatusOrVersionLoses() {
			Offer offer = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			this.repository.insert(offer);
			Offer declined = offer.moveTo(OfferStatus.DECLINED, T0);
			assertThat(this.repository.compareAndSet(offer, declined)).isPresent();
			assertThat(this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, T0))).isEmpty();
			assertThat(this.repository.findById("off_1").orElseThrow().status()).isEqualTo(OfferStatus.DECLINED);
		}

		@Test
		void sixteenConcurrentCompareAndSetsHaveOneWinner() throws Exception {
			Offer offer = offer("off_1", "cus_a", OfferStatus.PRESENTED, T0);
			this.repository.insert(offer);
			ExecutorService pool = Executors.newFixedThreadPool(16);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> wins = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				wins.add(pool.submit(() -> {
					start.await();
					return this.repository.compareAndSet(offer, offer.moveTo(OfferStatus.ACCEPTED, T0)).isPresent();
				}));
			}
			start.countDown();
			int winners = 0;
			for (Future<Boolean> win : wins) {
				winners += win.get(10, TimeUnit.SECONDS) ? 1 : 0;
			}
			pool.shutdown();
			assertThat(winners).isEqualTo(1);
		}

		@Test
		void findsByStatusOldestFirstWithALimit() {
			this.repository.insert(offer("off_1", "cus_a", OfferStatus.ACCEPTED, T0.plusSeconds(2)));
			this.repository.insert(offer("off_2", "cus_a", OfferStatus.ACCEPTED, T0));
			this.repository.insert(offer("off_3", "cus_a", OfferStatus.ACCEPTED, T0.plusSeconds(60)));
			this.repository.insert(offer("off_4", "cus_a", OfferStatus.PRESENTED, T0));
			assertThat(this.repository.findByStatus(OfferStatus.ACCEPTED, T0.plusSeconds(30), 10)).extracting(Offer::id)
				.containsExactly("off_2", "off_1");
			assertThat(this.repository.findByStatus(OfferStatus.ACCEPTED, T0.plusSeconds(30), 1)).extracting(Offer::id)
				.containsExactly("off_2");
		}

		@Test
		void purgesOnlyOldClosedOffersInBatches() {
			this.repository.insert(offer("off_1", "cus_a", OfferStatus.CONVERTED, T0));
			this.repository.insert(offer("off_2", "cus_a", OfferStatus.EXPIRED, T0));
			this.repository.insert(offer("off_3", "cus_a", OfferStatus.DECLINED, T0.plusSeconds(100)));
			this.repository.insert(offer("off_4", "cus_a", OfferStatus.ACCEPTED, T0));
			this.repository.insert(offer("off_5", "cus_a", OfferStatus.REDIRECTED, T0));
			assertThat(this.repository.purgeClosed(T0.plusSeconds(50), 1)).isEqualTo(1);
			assertThat(this.repository.purgeClosed(T0.plusSeconds(50), 10)).isEqualTo(1);
			assertThat(this.repository.findByCustomer("cus_a")).extracting(Offer::id)
				.containsExactlyInAnyOrder("off_3", "off_4", "off_5");
		}

	}

	@Nested
	class InMemory extends Contract {

		@Override
		OfferRepository newRepository() {
			return new InMemoryOfferRepository();
		}

		@Override
		boolean claimsAreShared() {
			return false;
		}

	}

	@Nested
	class H2 extends Contract {

		private static int databases;

		@Override
		OfferRepository newRepository() {
			DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:contract" + (++databases) + ";DB_CLOSE_DELAY=-1");
			new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.EMBEDDED, "upsell_", null, null).initializeDatabase();
			return new JdbcOfferRepository(dataSource, "upsell_");
		}

	}

	@Nested
	class PostgreSql extends Contract {

		private DataSource dataSource;

		@Override
		OfferRepository newRepository() {
			this.dataSource = EmbeddedPostgresSupport.newDataSource();
			new UpsellSchemaInitializer(this.dataSource, SchemaInitializationMode.ALWAYS, "shop_upsell_", null, null)
				.initializeDatabase();
			return new JdbcOfferRepository(this.dataSource, "shop_upsell_");
		}

		@Test
		void aRowStoredBeforeDetailsWereTypedReadsIntoTypedDetailsAndNewRowsKeepTheKeysOlderVersionsRead() {
			JdbcClient jdbc = JdbcClient.create(this.dataSource);
			Offer plain = offer("off_old", "cus_a", OfferStatus.PRESENTED, Contract.T0);
			this.repository.insert(plain);
			// the context column as versions before typed details wrote it: details as strings beside the purchase
			jdbc.sql("UPDATE shop_upsell_offers SET context = ? WHERE id = 'off_old'")
				.param("{\"channel\":\"email\",\"funnel_step\":\"coaching\",\"experiment\":\"copy\","
						+ "\"variant\":\"warm\",\"display_text\":\"Hi\",\"charge_with\":\"one-time-payment\","
						+ "\"cart_amount\":\"4900\",\"price_previewed\":\"true\"}")
				.update();
			Offer old = this.repository.findById("off_old").orElseThrow();
			assertThat(old.details()).isEqualTo(new OfferDetails("coaching", "copy", "warm", "Hi",
					ChargeMethod.ONE_TIME_PAYMENT, 4900L, false, true));
			assertThat(old.context()).containsExactly(Map.entry("channel", "email"));

			Offer typed = offer("off_new", "cus_b", OfferStatus.PRESENTED, Contract.T0);
			this.repository.insert(new Offer(typed.id(), typed.customerId(), typed.ruleId(), typed.kind(),
					typed.productId(), typed.quantity(), typed.price(), typed.status(), null, 0, Contract.T0,
					typed.expiresAt(), Contract.T0, null, null, null, null, null, null, null, 0, 0, typed.context(), null,
					old.details()));
			String stored = jdbc.sql("SELECT context FROM shop_upsell_offers WHERE id = 'off_new'")
				.query(String.class)
				.single();
			assertThat(stored).contains("\"funnel_step\"", "\"coaching\"", "\"variant\"", "\"warm\"", "\"charge_with\"",
					"\"one-time-payment\"", "\"cart_amount\"", "\"4900\"", "\"price_previewed\"", "\"channel\"");
		}

	}

}
