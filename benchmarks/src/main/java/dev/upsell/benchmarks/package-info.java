/**
 * dodo-upsell's benchmarks, each reported as a ratio against a baseline measured in the same run: webhook
 * verification (JMH), one-click accept overhead, throughput under contention, start-up and memory. Run them
 * all with {@code java -jar benchmarks/target/upsell-benchmarks.jar}; see {@link dev.upsell.benchmarks.BenchmarkSuite}.
 */
package dev.upsell.benchmarks;
