package dev.upsell.test.simulator;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the simulator delivers a webhook relative to the API answer of the call that caused it.
 * <p>
 * Dodo sends webhooks from its own workers, so in production a {@code payment.failed} can reach the app
 * before the {@code POST /checkouts} that caused it has answered, right after it, or seconds later; most
 * money-path bugs live in that race. The default, {@link #mixed()}, draws one of the three for every event
 * from a seeded random source, so a run that fails can be repeated with {@link #mixed(long)} and the seed
 * that {@link #toString()} (and a failing test's simulator report) prints.
 * <p>
 * Guess (Dodo documents no delivery latency): the mix is 40 % before the answer, 40 % right after it and
 * 20 % late, between 100 ms and 1 s after it. Events that no API call caused (the clock, the hosted pages,
 * simulator operations) go out at once, or late.
 */
public final class WebhookTiming {

	/** Where one event goes. */
	enum Slot {

		/** Delivered, and its first attempt answered, before the API answer is written. */
		BEFORE_ANSWER,

		/** Delivered right after the API answer was written. */
		AFTER_ANSWER,

		/** Delivered after a delay. */
		LATE

	}

	/** One drawn choice: a slot and, for {@link Slot#LATE}, the delay. */
	record Choice(Slot slot, Duration delay) {
	}

	private final String name;

	private final long seed;

	private final int beforePercent;

	private final int afterPercent;

	private final Duration lateMin;

	private final Duration lateMax;

	private final SplittableRandom random;

	private WebhookTiming(String name, long seed, int beforePercent, int afterPercent, Duration lateMin,
			Duration lateMax) {
		if (lateMin.isNegative() || lateMax.compareTo(lateMin) < 0) {
			throw new IllegalArgumentException("Late delivery needs 0 <= min <= max, not " + lateMin + ".." + lateMax);
		}
		this.name = name;
		this.seed = seed;
		this.beforePercent = beforePercent;
		this.afterPercent = afterPercent;
		this.lateMin = lateMin;
		this.lateMax = lateMax;
		this.random = new SplittableRandom(seed);
	}

	/** Every event is delivered before the API answer that caused it is written (the race production has). */
	public static WebhookTiming beforeAnswer() {
		return new WebhookTiming("before-answer", 0, 100, 0, Duration.ZERO, Duration.ZERO);
	}

	/** Every event is delivered right after the API answer that caused it (the old, kind default). */
	public static WebhookTiming afterAnswer() {
		return new WebhookTiming("after-answer", 0, 0, 100, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * Every event is delivered late, after a delay drawn between {@code min} and {@code max}; with a range,
	 * events can arrive out of order.
	 * @param min the shortest delay
	 * @param max the longest delay
	 * @param seed the seed of the draws
	 * @return the timing
	 */
	public static WebhookTiming late(Duration min, Duration max, long seed) {
		return new WebhookTiming("late", seed, 0, 0, min, max);
	}

	/**
	 * The realistic mix: the simulator's default. Its seed is the system property {@code dodo.simulator.seed}
	 * when set (to repeat a run whose report named the seed), a random one otherwise.
	 */
	public static WebhookTiming mixed() {
		Long seed = Long.getLong("dodo.simulator.seed");
		return mixed((seed != null) ? seed : ThreadLocalRandom.current().nextLong());
	}

	/**
	 * The realistic mix: before the answer, after it, or late, drawn per event from {@code seed}.
	 * @param seed the seed; the same seed and the same calls give the same timing
	 * @return the timing
	 */
	public static WebhookTiming mixed(long seed) {
		return new WebhookTiming("mixed", seed, 40, 40, Duration.ofMillis(100), Duration.ofSeconds(1));
	}

	/** The seed the draws come from. */
	public long seed() {
		return this.seed;
	}

	synchronized Choice next() {
		int draw = this.random.nextInt(100);
		if (draw < this.beforePercent) {
			return new Choice(Slot.BEFORE_ANSWER, Duration.ZERO);
		}
		if (draw < this.beforePercent + this.afterPercent) {
			return new Choice(Slot.AFTER_ANSWER, Duration.ZERO);
		}
		long span = this.lateMax.toMillis() - this.lateMin.toMillis();
		long delay = this.lateMin.toMillis() + ((span > 0) ? this.random.nextLong(span + 1) : 0);
		return new Choice(Slot.LATE, Duration.ofMillis(delay));
	}

	/** A fresh copy that draws the same sequence again from the start. */
	WebhookTiming restarted() {
		return new WebhookTiming(this.name, this.seed, this.beforePercent, this.afterPercent, this.lateMin,
				this.lateMax);
	}

	@Override
	public String toString() {
		return switch (this.name) {
			case "mixed" -> "mixed (seed " + this.seed + ")";
			case "late" -> "late " + this.lateMin.toMillis() + "-" + this.lateMax.toMillis() + " ms (seed " + this.seed
					+ ")";
			default -> this.name;
		};
	}

}
