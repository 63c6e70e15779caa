package dev.upsell.offer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.FixedExperimentLedger;
import dev.upsell.offer.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bandit in a seeded simulation: three variants converting at 5, 10 and 15 %, customers arriving a hundred a
 * "day" (the allocation reads the results again each day): most customers end on the best variant, and each variant
 * keeps its minimum exploration share.
 */
class AdaptiveAllocationTests {

	private static final Experiment EXPERIMENT = new Experiment("bandit", 0,
			List.of(new Variant("a", 1, null, null, null), new Variant("b", 1, null, null, null),
					new Variant("c", 1, null, null, null)),
			true, 0.05);

	private static final Map<String, Double> RATES = Map.of("a", 0.05, "b", 0.10, "c", 0.15);

	@Test
	void thompsonSamplingSendsMostCustomersToTheBestVariantAndKeepsExploring() {
		SplittableRandom random = new SplittableRandom(20261205L);
		MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
		CountingLedger ledger = new CountingLedger();
		AdaptiveAllocation allocation = new AdaptiveAllocation(ledger.ledger(), clock, random.split());
		Map<String, Integer> lastThousand = new LinkedHashMap<>(Map.of("a", 0, "b", 0, "c", 0));
		int customers = 6000;
		for (int i = 0; i < customers; i++) {
			if (i % 100 == 0) {
				clock.advance(Duration.ofDays(1));
			}
			String variant = allocation.choose(EXPERIMENT).id();
			ledger.exposed(variant, random.nextDouble() < RATES.get(variant));
			if (i >= customers - 1000) {
				lastThousand.merge(variant, 1, Integer::sum);
			}
		}
		System.out.printf("Bandit 5/10/15 %%: of the last 1000 customers %s; in all %s%n", lastThousand, ledger.exposures);
		assertThat(lastThousand.get("c")).as("the best variant, at the end").isGreaterThan(700);
		assertThat(lastThousand.get("a")).as("the worst keeps its exploration share (5 %)").isGreaterThanOrEqualTo(25);
		assertThat(ledger.exposures.get("c")).isGreaterThan(ledger.exposures.get("b")).isGreaterThan(ledger.exposures.get("a"));
	}

	@Test
	void aMinimumExplorationShareThatLeavesNothingForTheResultsIsRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Experiment("bandit", 0, EXPERIMENT.variants(), true, 0.4))
			.withMessageContaining("below 1 / 3");
	}

	/** The results the allocation reads: exposures and conversions per variant. */
	private static final class CountingLedger {

		final Map<String, Long> exposures = new LinkedHashMap<>(Map.of("a", 0L, "b", 0L, "c", 0L));

		final Map<String, Long> conversions = new LinkedHashMap<>(Map.of("a", 0L, "b", 0L, "c", 0L));

		void exposed(String variant, boolean converted) {
			this.exposures.merge(variant, 1L, Long::sum);
			this.conversions.merge(variant, converted ? 1L : 0L, Long::sum);
		}

		ExperimentLedger ledger() {
			return new FixedExperimentLedger(() -> {
				List<ExperimentLedger.ArmResult> arms = new ArrayList<>();
				this.exposures.forEach((variant, exposed) -> arms.add(new ExperimentLedger.ArmResult(variant, exposed,
						exposed, this.conversions.get(variant), 0, 0, "USD", 0, 0, 0, 0, 0)));
				return arms;
			});
		}

	}

}
