package dev.upsell.benchmarks;

import java.util.Arrays;

/** Percentiles of a sample, in nanoseconds. */
record Stats(long[] sorted) {

	static Stats of(long[] samples) {
		long[] copy = samples.clone();
		Arrays.sort(copy);
		return new Stats(copy);
	}

	long percentile(double p) {
		int index = (int) Math.ceil(p / 100.0 * this.sorted.length) - 1;
		return this.sorted[Math.max(0, Math.min(index, this.sorted.length - 1))];
	}

	double mean() {
		return Arrays.stream(this.sorted).average().orElse(0);
	}

	static String micros(double nanos) {
		return String.format("%.0f µs", nanos / 1000.0);
	}

}
