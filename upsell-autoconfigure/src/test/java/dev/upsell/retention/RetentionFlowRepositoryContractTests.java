package dev.upsell.retention;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.upsell.store.EmbeddedPostgresSupport;
import dev.upsell.store.JdbcRetentionFlowRepository;
import dev.upsell.store.SchemaInitializationMode;
import dev.upsell.store.UpsellSchemaInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** One contract, three stores of retention flows: in memory, H2, and a real PostgreSQL. */
class RetentionFlowRepositoryContractTests {

	abstract static class Contract {

		static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z").truncatedTo(ChronoUnit.MILLIS);

		RetentionFlowRepository flows;

		abstract RetentionFlowRepository newRepository();

		@BeforeEach
		void setUp() {
			this.flows = newRepository();
		}

		static RetentionFlow flow(String id, String customer, String subscription) {
			return new RetentionFlow(id, customer, subscription, RetentionFlow.Status.STARTED, null, null, null, 0, T0,
					T0, null, null, null);
		}

		@Test
		void storesEveryFieldAndReadsItBack() {
			RetentionFlow flow = flow("ret_1", "cus_a", "sub_a");
			this.flows.insert(flow);
			RetentionFlow offered = this.flows
				.compareAndSet(flow, flow.withReason("too_expensive", "Zu teuer — é", "free-month", T0.plusSeconds(1)))
				.orElseThrow();
			RetentionFlow saved = this.flows
				.compareAndSet(offered, offered.moveTo(RetentionFlow.Status.EXECUTING, T0.plusSeconds(2))
					.withOutcome(T0.plusSeconds(86400), T0.plusSeconds(3600), null))
				.orElseThrow();
			assertThat(this.flows.findById("ret_1")).contains(saved);
			assertThat(saved.version()).isEqualTo(2);
			assertThat(this.flows.findById("ret_missing")).isEmpty();
			assertThat(this.flows.findByCustomer("cus_a")).containsExactly(saved);
			RetentionFlow downgrade = new RetentionFlow("ret_d", "cus_d", "sub_d", RetentionFlow.Status.STARTED, null,
					null, null, 0, T0, T0, null, null, null, null, null, "prod_basic");
			this.flows.insert(downgrade);
			assertThat(this.flows.findById("ret_d")).contains(downgrade);
		}

		@Test
		void aSubscriptionHasOneOpenFlowAndAFreshOneOnceItIsDecided() {
			RetentionFlow first = flow("ret_1", "cus_a", "sub_a");
			this.flows.insert(first);
			assertThatExceptionOfType(RetentionFlowRepository.OpenFlowExistsException.class)
				.isThrownBy(() -> this.flows.insert(flow("ret_2", "cus_a", "sub_a")));
			assertThat(this.flows.findOpen("sub_a")).map(RetentionFlow::id).contains("ret_1");
			this.flows.compareAndSet(first, first.moveTo(RetentionFlow.Status.CANCELLED, T0.plusSeconds(5)));
			assertThat(this.flows.findOpen("sub_a")).isEmpty();
			this.flows.insert(flow("ret_3", "cus_a", "sub_a"));
			assertThat(this.flows.findOpen("sub_a")).map(RetentionFlow::id).contains("ret_3");
		}

		@Test
		void ofConcurrentStartsAndAcceptsExactlyOneWins() throws Exception {
			List<Boolean> inserted = concurrently(() -> {
				try {
					this.flows.insert(flow("ret_" + System.nanoTime() + Thread.currentThread().getId(), "cus_a", "sub_race"));
					return true;
				}
				catch (RetentionFlowRepository.OpenFlowExistsException ex) {
					return false;
				}
			});
			assertThat(inserted).containsOnlyOnce(true);
			RetentionFlow open = this.flows.findOpen("sub_race").orElseThrow();
			RetentionFlow offered = this.flows.compareAndSet(open, open.withReason("unused", null, "pause", T0)).orElseThrow();
			List<Boolean> accepted = concurrently(() -> this.flows
				.compareAndSet(offered, offered.moveTo(RetentionFlow.Status.EXECUTING, T0.plusSeconds(1)))
				.isPresent());
			assertThat(accepted).containsOnlyOnce(true);
		}

		@Test
		void findsStaleOpenFlowsAndPausesThatHaveEnded() {
			RetentionFlow stale = flow("ret_1", "cus_a", "sub_a");
			this.flows.insert(stale);
			RetentionFlow fresh = new RetentionFlow("ret_2", "cus_b", "sub_b", RetentionFlow.Status.STARTED, null, null,
					null, 0, T0, T0.plusSeconds(600), null, null, null);
			this.flows.insert(fresh);
			assertThat(this.flows.findStale(T0.plusSeconds(60), 10)).extracting(RetentionFlow::id).containsExactly("ret_1");

			RetentionFlow paused = flow("ret_3", "cus_c", "sub_c");
			this.flows.insert(paused);
			RetentionFlow offered = this.flows.compareAndSet(paused, paused.withReason("unused", null, "pause", T0))
				.orElseThrow();
			RetentionFlow executing = this.flows
				.compareAndSet(offered, offered.moveTo(RetentionFlow.Status.EXECUTING, T0))
				.orElseThrow();
			this.flows.compareAndSet(executing, executing.moveTo(RetentionFlow.Status.SAVED, T0)
				.withOutcome(T0.plusSeconds(3600), null, null));
			assertThat(this.flows.findPausesDue(T0.plusSeconds(3599), 10)).isEmpty();
			assertThat(this.flows.findPausesDue(T0.plusSeconds(3600), 10)).extracting(RetentionFlow::id)
				.containsExactly("ret_3");
			assertThat(this.flows.findStale(T0.plusSeconds(7200), 10)).as("a saved flow is not open")
				.extracting(RetentionFlow::id)
				.doesNotContain("ret_3");
		}

		@Test
		void aSaveIsDueForItsMeasureOnceOldEnoughAndKeepsWhatItShowed() {
			RetentionFlow flow = flow("ret_1", "cus_a", "sub_a");
			this.flows.insert(flow);
			RetentionFlow offered = this.flows.compareAndSet(flow, flow.withReason("too_expensive", null, "free", T0))
				.orElseThrow();
			RetentionFlow executing = this.flows
				.compareAndSet(offered, offered.moveTo(RetentionFlow.Status.EXECUTING, T0))
				.orElseThrow();
			RetentionFlow saved = this.flows
				.compareAndSet(executing, executing.moveTo(RetentionFlow.Status.SAVED, T0.plusSeconds(10)))
				.orElseThrow();
			assertThat(this.flows.findFlowsToMeasure(T0.plusSeconds(10), 10)).isEmpty();
			assertThat(this.flows.findFlowsToMeasure(T0.plusSeconds(11), 10)).containsExactly(saved);
			RetentionFlow measured = this.flows.compareAndSet(saved, saved.measured(false, T0.plusSeconds(20)))
				.orElseThrow();
			assertThat(this.flows.findById("ret_1")).contains(measured);
			assertThat(measured.kept()).isFalse();
			assertThat(this.flows.findFlowsToMeasure(T0.plusSeconds(100), 10)).isEmpty();
		}

		@Test
		void everyDecidedFlowWithAReasonIsMeasuredAndTalliedPerArmWithItsVariant() {
			RetentionFlow heldOut = decide(flow("ret_h", "cus_h", "sub_h"), null, RetentionFlow.HOLDOUT,
					RetentionFlow.Status.CANCELLED);
			RetentionFlow saved = decide(flow("ret_s", "cus_s", "sub_s"), "pause", "pause",
					RetentionFlow.Status.SAVED);
			RetentionFlow left = decide(flow("ret_l", "cus_l", "sub_l"), null, "none", RetentionFlow.Status.EXPIRED);
			RetentionFlow noReason = flow("ret_n", "cus_n", "sub_n");
			this.flows.insert(noReason);
			this.flows.compareAndSet(noReason, noReason.moveTo(RetentionFlow.Status.EXPIRED, T0.plusSeconds(10)));
			assertThat(this.flows.findById("ret_h").orElseThrow().variant()).isEqualTo(RetentionFlow.HOLDOUT);
			assertThat(this.flows.findFlowsToMeasure(T0.plusSeconds(11), 10)).as("not the flow without a reason")
				.extracting(RetentionFlow::id)
				.containsExactlyInAnyOrder("ret_h", "ret_s", "ret_l");
			this.flows.compareAndSet(heldOut, heldOut.measured(false, T0.plusSeconds(20)));
			this.flows.compareAndSet(saved, saved.measured(true, T0.plusSeconds(20)));
			this.flows.compareAndSet(left, left.measured(true, T0.plusSeconds(20)));
			assertThat(this.flows.tally(T0)).containsExactly(new RetentionFlowRepository.Tally("holdout", 1, 0, 1, 0),
					new RetentionFlowRepository.Tally("none", 1, 0, 1, 1),
					new RetentionFlowRepository.Tally("pause", 1, 1, 1, 1));
			assertThat(this.flows.tally(T0.plusSeconds(1))).as("started before the period").isEmpty();
		}

		/** A flow given a reason (and an offer) in an arm, then decided at T0 + 10 s. */
		private RetentionFlow decide(RetentionFlow flow, String offerId, String variant, RetentionFlow.Status end) {
			this.flows.insert(flow);
			RetentionFlow reasoned = this.flows
				.compareAndSet(flow, flow.withReason("unused", null, offerId, variant, T0))
				.orElseThrow();
			RetentionFlow current = reasoned;
			if (end == RetentionFlow.Status.SAVED) {
				current = this.flows.compareAndSet(current, current.moveTo(RetentionFlow.Status.EXECUTING, T0))
					.orElseThrow();
			}
			return this.flows.compareAndSet(current, current.moveTo(end, T0.plusSeconds(10))).orElseThrow();
		}

		private static List<Boolean> concurrently(Callable<Boolean> task) throws Exception {
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<Boolean>> futures = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					futures.add(pool.submit(task));
				}
				List<Boolean> results = new ArrayList<>();
				for (Future<Boolean> future : futures) {
					results.add(future.get());
				}
				return results;
			}
			finally {
				pool.shutdown();
			}
		}

	}

	@Nested
	class InMemory extends Contract {

		@Override
		RetentionFlowRepository newRepository() {
			return new InMemoryRetentionFlowRepository();
		}

	}

	@Nested
	class H2 extends Contract {

		private static int databases;

		@Override
		RetentionFlowRepository newRepository() {
			DataSource dataSource = new DriverManagerDataSource(
					"jdbc:h2:mem:retention" + (++databases) + ";DB_CLOSE_DELAY=-1");
			new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.EMBEDDED, "upsell_", null, null)
				.initializeDatabase();
			return new JdbcRetentionFlowRepository(dataSource, "upsell_");
		}

	}

	@Nested
	class PostgreSql extends Contract {

		@Override
		RetentionFlowRepository newRepository() {
			DataSource dataSource = EmbeddedPostgresSupport.newDataSource();
			new UpsellSchemaInitializer(dataSource, SchemaInitializationMode.ALWAYS, "shop_upsell_", null, null)
				.initializeDatabase();
			JdbcRetentionFlowRepository repository = new JdbcRetentionFlowRepository(dataSource, "shop_upsell_");
			repository.checkTable();
			return repository;
		}

	}

}
