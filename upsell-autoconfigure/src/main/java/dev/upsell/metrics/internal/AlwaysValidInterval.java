package dev.upsell.metrics.internal;

/**
 * An always-valid 95 % interval for the difference of two means (a variant's conversion rate or revenue per
 * exposure less the control's): a mixture sequential probability ratio test (mSPRT, Johari, Koomen, Pekelis and
 * Walsh, "Always Valid Inference", 2017; the normal mixture of Robbins, 1970). Unlike a fixed-horizon interval, the
 * chance that it <em>ever</em> excludes the true difference, however often it is looked at, stays below 5 %: a shop
 * that reads its experiment every day can stop the day the interval leaves zero.
 * <p>
 * With the difference's estimated variance {@code v} and a normal mixing distribution of variance {@code τ²} over the
 * effect, the interval is {@code Δ ± sqrt(2 v (v + τ²) / τ² · ln(sqrt((v + τ²) / v) / α))}. {@code τ} is a tenth of
 * the pooled standard deviation: tightest for effects of that size, valid for any.
 */
public final class AlwaysValidInterval {

	/** The error rate: the interval holds the true difference at every look with probability 95 %. */
	static final double ALPHA = 0.05;

	/** The mixing standard deviation, in pooled standard deviations. */
	static final double MIXING_SCALE = 0.1;

	private AlwaysValidInterval() {
	}

	/**
	 * The interval for {@code meanB - meanA}.
	 * @param a the control: its mean, variance and count
	 * @param b the variant
	 * @return {@code [low, high]}, or {@code null} with fewer than two observations in either arm or no variance
	 */
	public static double[] difference(Sample a, Sample b) {
		if (a.count() < 2 || b.count() < 2) {
			return null;
		}
		double v = a.variance() / a.count() + b.variance() / b.count();
		double pooled = (a.variance() * (a.count() - 1) + b.variance() * (b.count() - 1)) / (a.count() + b.count() - 2);
		double tau2 = MIXING_SCALE * MIXING_SCALE * pooled;
		if (v <= 0 || tau2 <= 0) {
			return null;
		}
		double radius = Math.sqrt(2 * v * (v + tau2) / tau2 * Math.log(Math.sqrt((v + tau2) / v) / ALPHA));
		double difference = b.mean() - a.mean();
		return new double[] { difference - radius, difference + radius };
	}

	/**
	 * One arm's observations, as sums.
	 *
	 * @param count how many
	 * @param sum their sum
	 * @param sumOfSquares the sum of their squares
	 */
	public record Sample(long count, double sum, double sumOfSquares) {

		/**
		 * Conversions as a sample of 0s and 1s.
		 * @param successes the ones
		 * @param trials all of them
		 * @return the sample
		 */
		public static Sample ofRate(long successes, long trials) {
			return new Sample(trials, successes, successes);
		}

		double mean() {
			return (this.count > 0) ? this.sum / this.count : 0;
		}

		/** The sample variance (n - 1). */
		double variance() {
			if (this.count < 2) {
				return 0;
			}
			double mean = mean();
			return Math.max(0, (this.sumOfSquares - this.count * mean * mean) / (this.count - 1));
		}

	}

}
