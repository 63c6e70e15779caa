package dev.upsell.metrics.internal;

/**
 * The sample-ratio mismatch check: a chi-squared goodness-of-fit test of the customers assigned to each arm against
 * the configured shares. A small p-value means the split is not what was configured (an assignment bug, a redirect
 * that loses one arm, a bot): the experiment's numbers cannot be trusted until it is found. Thresholds as Statsig's:
 * warn below 0.01, fail below 0.001.
 */
public final class SampleRatioCheck {

	/** Below this p-value the split is suspicious. */
	public static final double WARN = 0.01;

	/** Below this p-value the split is broken. */
	public static final double FAIL = 0.001;

	private SampleRatioCheck() {
	}

	/**
	 * The p-value of the observed split.
	 * @param observed customers per arm
	 * @param shares the configured share of each arm (they need not sum to 1)
	 * @return the p-value; 1 with fewer than two arms or no customers
	 */
	public static double pValue(long[] observed, double[] shares) {
		long total = 0;
		double shareTotal = 0;
		for (int i = 0; i < observed.length; i++) {
			total += observed[i];
			shareTotal += shares[i];
		}
		if (observed.length < 2 || total == 0 || shareTotal <= 0) {
			return 1;
		}
		double statistic = 0;
		int arms = 0;
		for (int i = 0; i < observed.length; i++) {
			double expected = total * shares[i] / shareTotal;
			if (expected > 0) {
				statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
				arms++;
			}
		}
		return (arms < 2) ? 1 : upperRegularizedGamma((arms - 1) / 2.0, statistic / 2);
	}

	/**
	 * Its verdict.
	 * @param pValue the p-value
	 * @return {@code ok}, {@code warn} or {@code fail}
	 */
	public static String verdict(double pValue) {
		return (pValue < FAIL) ? "fail" : (pValue < WARN) ? "warn" : "ok";
	}

	/** Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above (Numerical Recipes 6.2). */
	static double upperRegularizedGamma(double a, double x) {
		if (x <= 0) {
			return 1;
		}
		double logPrefix = -x + a * Math.log(x) - BetaPosterior.logGamma(a);
		if (x < a + 1) {
			double term = 1 / a;
			double sum = term;
			for (int n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
				term *= x / (a + n);
				sum += term;
			}
			return Math.max(0, 1 - sum * Math.exp(logPrefix));
		}
		double b = x + 1 - a;
		double c = 1 / 1e-300;
		double d = 1 / b;
		double h = d;
		for (int i = 1; i < 1000; i++) {
			double an = -i * (i - a);
			b += 2;
			d = an * d + b;
			d = (Math.abs(d) < 1e-300) ? 1e-300 : d;
			c = b + an / c;
			c = (Math.abs(c) < 1e-300) ? 1e-300 : c;
			d = 1 / d;
			double delta = d * c;
			h *= delta;
			if (Math.abs(delta - 1) < 1e-15) {
				break;
			}
		}
		return Math.min(1, Math.exp(logPrefix) * h);
	}

}
