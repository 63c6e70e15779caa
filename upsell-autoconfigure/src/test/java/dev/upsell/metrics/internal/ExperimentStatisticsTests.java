package dev.upsell.metrics.internal;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The readout's statistics, watched as a shop watches them: every day. Many A/A experiments read daily keep the
 * always-valid interval's false positives at the nominal 5 % (where "the chance to beat the control passed 95 %"
 * on any day fires far more often), an A/B with a real lift is found, and the sample-ratio check fires on a skewed
 * split and stays quiet on a fair one. Seeded: the same numbers every run.
 */
class ExperimentStatisticsTests {

	private static final int EXPERIMENTS = 400;

	private static final int DAYS = 30;

	private static final int PER_DAY = 200;

	@Test
	void anAAExperimentWatchedDailyFlagsADifferenceAtMostAtTheNominalRateAndTheBayesianPeekFarMoreOften() {
		SplittableRandom random = new SplittableRandom(20261205L);
		int alwaysValid = 0;
		int bayesPeeking = 0;
		for (int e = 0; e < EXPERIMENTS; e++) {
			long[] control = new long[2];
			long[] variant = new long[2];
			boolean flagged = false;
			boolean peeked = false;
			for (int day = 0; day < DAYS; day++) {
				add(random, control, 0.10);
				add(random, variant, 0.10);
				double[] interval = AlwaysValidInterval.difference(
						AlwaysValidInterval.Sample.ofRate(control[0], control[1]),
						AlwaysValidInterval.Sample.ofRate(variant[0], variant[1]));
				flagged |= interval != null && (interval[0] > 0 || interval[1] < 0);
				peeked |= new BetaPosterior(variant[0], variant[1])
					.probabilityAbove(new BetaPosterior(control[0], control[1])) > 0.95;
			}
			alwaysValid += flagged ? 1 : 0;
			bayesPeeking += peeked ? 1 : 0;
		}
		double falsePositives = (double) alwaysValid / EXPERIMENTS;
		double peeking = (double) bayesPeeking / EXPERIMENTS;
		System.out.printf("A/A, %d experiments watched daily for %d days (%d exposures per arm per day): "
				+ "always-valid interval false positives %.1f %%, 'chance to beat control > 95 %%' on any day %.1f %%%n",
				EXPERIMENTS, DAYS, PER_DAY, falsePositives * 100, peeking * 100);
		assertThat(falsePositives).as("nominal 5 %").isLessThanOrEqualTo(0.05);
		assertThat(peeking).as("the Bayesian probability read daily is not a stopping rule").isGreaterThan(0.10);
	}

	@Test
	void anABWithARealLiftIsFoundByTheAlwaysValidInterval() {
		SplittableRandom random = new SplittableRandom(7L);
		int found = 0;
		int days = 0;
		for (int e = 0; e < 100; e++) {
			long[] control = new long[2];
			long[] variant = new long[2];
			for (int day = 1; day <= DAYS; day++) {
				add(random, control, 0.10);
				add(random, variant, 0.14);
				double[] interval = AlwaysValidInterval.difference(
						AlwaysValidInterval.Sample.ofRate(control[0], control[1]),
						AlwaysValidInterval.Sample.ofRate(variant[0], variant[1]));
				if (interval != null && interval[0] > 0) {
					found++;
					days += day;
					break;
				}
			}
		}
		System.out.printf("A/B 10 %% vs 14 %%: found in %d of 100 within %d days, after %.1f days on average%n", found,
				DAYS, (found > 0) ? (double) days / found : Double.NaN);
		assertThat(found).isGreaterThanOrEqualTo(90);
	}

	@Test
	void theSampleRatioCheckFiresOnASkewedSplitAndNotOnAFairOne() {
		assertThat(SampleRatioCheck.pValue(new long[] { 5000, 5000 }, new double[] { 1, 1 })).isEqualTo(1.0, within(1e-9));
		// chi-squared 3.841 with one degree of freedom is p = 0.05; 6.635 is p = 0.01
		assertThat(SampleRatioCheck.upperRegularizedGamma(0.5, 3.841 / 2)).isCloseTo(0.05, within(1e-4));
		assertThat(SampleRatioCheck.upperRegularizedGamma(1.0, 9.210 / 2)).as("two degrees").isCloseTo(0.01, within(1e-4));
		double skewed = SampleRatioCheck.pValue(new long[] { 5200, 4800 }, new double[] { 1, 1 });
		assertThat(skewed).isLessThan(SampleRatioCheck.FAIL);
		assertThat(SampleRatioCheck.verdict(skewed)).isEqualTo("fail");
		assertThat(SampleRatioCheck.verdict(SampleRatioCheck.pValue(new long[] { 1000, 2040, 960 },
				new double[] { 0.25, 0.5, 0.25 }))).isEqualTo("ok");
		SplittableRandom random = new SplittableRandom(3L);
		int alarms = 0;
		for (int e = 0; e < 1000; e++) {
			long[] split = new long[3];
			for (int c = 0; c < 3000; c++) {
				double u = random.nextDouble();
				split[(u < 0.1) ? 0 : (u < 0.55) ? 1 : 2]++;
			}
			alarms += (SampleRatioCheck.pValue(split, new double[] { 0.1, 0.45, 0.45 }) < SampleRatioCheck.WARN) ? 1 : 0;
		}
		assertThat(alarms / 1000.0).as("a fair split warns about 1 % of the time").isLessThan(0.025);
	}

	private static void add(SplittableRandom random, long[] arm, double rate) {
		for (int i = 0; i < PER_DAY; i++) {
			arm[0] += (random.nextDouble() < rate) ? 1 : 0;
		}
		arm[1] += PER_DAY;
	}

}
