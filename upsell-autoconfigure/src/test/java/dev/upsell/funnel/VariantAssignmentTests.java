package dev.upsell.funnel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.upsell.funnel.internal.VariantAssignment;

import static org.assertj.core.api.Assertions.assertThat;

/** Assignment by hash: shares within a chi-squared tolerance of the weights, and the same on every instance. */
class VariantAssignmentTests {

	/** The chi-squared critical value for 3 degrees of freedom at p = 0.001. */
	private static final double CHI_SQUARED_3_DF_P001 = 16.266;

	private static Experiment experiment() {
		return new Experiment("coaching-price", 0.10, List.of(new Variant("control", 2, null, null, null),
				new Variant("cheaper", 1, null, null, null), new Variant("bundle", 1, null, null, null)));
	}

	@Test
	void tenThousandCustomersSplitAsTheWeightsSayWithinAChiSquaredTolerance() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (int i = 0; i < 10_000; i++) {
			counts.merge(VariantAssignment.assign(experiment(), "cus_" + i).variantId(), 1, Integer::sum);
		}
		// holdout 10 %, then control 2/4, cheaper 1/4, bundle 1/4 of the remaining 90 %
		Map<String, Double> expected = Map.of("holdout", 1000.0, "control", 4500.0, "cheaper", 2250.0, "bundle", 2250.0);
		double chiSquared = expected.entrySet()
			.stream()
			.mapToDouble((entry) -> {
				double difference = counts.getOrDefault(entry.getKey(), 0) - entry.getValue();
				return difference * difference / entry.getValue();
			})
			.sum();
		assertThat(counts.keySet()).containsExactlyInAnyOrder("holdout", "control", "cheaper", "bundle");
		assertThat(chiSquared).as("chi-squared of %s", counts).isLessThan(CHI_SQUARED_3_DF_P001);
	}

	@Test
	void twoInstancesAssignEveryCustomerAlikeAndANewExperimentIdReshuffles() {
		Experiment here = experiment();
		Experiment there = new Experiment("coaching-price", 0.10, List.copyOf(here.variants()));
		int moved = 0;
		for (int i = 0; i < 10_000; i++) {
			String customer = "cus_" + i;
			assertThat(VariantAssignment.assign(there, customer)).isEqualTo(VariantAssignment.assign(here, customer));
			Experiment renamed = new Experiment("coaching-price-2", 0.10, here.variants());
			if (!VariantAssignment.assign(renamed, customer).variantId()
				.equals(VariantAssignment.assign(here, customer).variantId())) {
				moved++;
			}
		}
		assertThat(moved).isGreaterThan(4000);
	}

}
