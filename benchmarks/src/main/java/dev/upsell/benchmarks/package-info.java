/**
 * JMH benchmarks of dodo-upsell, each measured as a ratio against a baseline in the same run. Not part of
 * the test run: {@code ./mvnw -pl benchmarks -am package}, then run the jar (see the README).
 */
package dev.upsell.benchmarks;
