package dev.upsell.metrics.internal;

/**
 * A rate's Beta posterior after {@code successes} in {@code trials}, from a uniform Beta(1, 1) prior: the
 * Bayesian analysis the experiment readout uses. A posterior is valid whenever it is read, so the readout can be
 * watched continuously; there is no fixed sample size to wait for (a rule "stop when the probability passes 95 %"
 * still errs now and then, which is why the readout shows the interval and counts beside it).
 *
 * @param successes the successes, e.g. conversions
 * @param trials the trials, e.g. exposures
 */
public record BetaPosterior(long successes, long trials) {

	private static final double[] LANCZOS = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028,
			771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
			9.9843695780195716e-6, 1.5056327351493116e-7 };

	/** Checks the counts. */
	public BetaPosterior {
		if (successes < 0 || trials < successes) {
			throw new IllegalArgumentException("successes must be from 0 to trials: " + successes + " of " + trials);
		}
	}

	private double alpha() {
		return 1.0 + this.successes;
	}

	private double beta() {
		return 1.0 + this.trials - this.successes;
	}

	/** The posterior mean. */
	public double mean() {
		return alpha() / (alpha() + beta());
	}

	/**
	 * The central 95 % credible interval, by the normal approximation to the posterior (close for the counts an
	 * experiment needs; with a handful of trials it is wide, as it should be).
	 * @return {@code [low, high]}, within [0, 1]
	 */
	public double[] interval95() {
		double a = alpha();
		double b = beta();
		double sd = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
		return new double[] { Math.max(0, mean() - 1.96 * sd), Math.min(1, mean() + 1.96 * sd) };
	}

	/**
	 * The probability that this rate is higher than another's, exactly (Evan Miller's closed form for two Beta
	 * variables, a sum over this posterior's successes).
	 * @param other the other posterior, e.g. the control's
	 * @return P(this rate &gt; other rate)
	 */
	public double probabilityAbove(BetaPosterior other) {
		double aB = alpha();
		double bB = beta();
		double aA = other.alpha();
		double bA = other.beta();
		double total = 0;
		for (int i = 0; i < (int) aB; i++) {
			total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
		}
		return Math.min(1, Math.max(0, total));
	}

	private static double logBeta(double a, double b) {
		return logGamma(a) + logGamma(b) - logGamma(a + b);
	}

	/** The natural log of the gamma function for x &gt; 0 (Lanczos, g = 7). */
	static double logGamma(double x) {
		if (x < 0.5) {
			return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		}
		double z = x - 1;
		double sum = LANCZOS[0];
		for (int i = 1; i < LANCZOS.length; i++) {
			sum += LANCZOS[i] / (z + i);
		}
		double t = z + 7.5;
		return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
	}

}
