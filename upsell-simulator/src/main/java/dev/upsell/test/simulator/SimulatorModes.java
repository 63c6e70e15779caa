package dev.upsell.test.simulator;

import java.time.Duration;

/**
 * How strictly and how fast the simulator behaves where Dodo leaves a choice to the business or the network.
 * The defaults are the strict, realistic ones; {@link DodoSimulator#reset()} restores the values the
 * simulator was built with. Thread-safe: tests may change a mode while calls are running.
 */
public final class SimulatorModes {

	private volatile boolean strictBillingAddress = true;

	private volatile String planChangeFailureDefault = "apply_change";

	private volatile Duration settlementDelay = Duration.ofSeconds(2);

	private volatile Duration authenticationTimeout = Duration.ofMinutes(15);

	private volatile boolean omitFreshPaymentStatus;

	private volatile Duration minLatency = Duration.ofMillis(1);

	private volatile Duration maxLatency = Duration.ofMillis(4);

	private volatile int rateLimit = DEFAULT_RATE_LIMIT;

	private volatile boolean paymentRetries;

	/** Guess: the calls per rolling second Dodo answers before 429 (Dodo documents the 429, not the rate). */
	public static final int DEFAULT_RATE_LIMIT = 100;

	SimulatorModes copy() {
		SimulatorModes copy = new SimulatorModes();
		copy.copyFrom(this);
		return copy;
	}

	void copyFrom(SimulatorModes other) {
		this.strictBillingAddress = other.strictBillingAddress;
		this.planChangeFailureDefault = other.planChangeFailureDefault;
		this.settlementDelay = other.settlementDelay;
		this.authenticationTimeout = other.authenticationTimeout;
		this.omitFreshPaymentStatus = other.omitFreshPaymentStatus;
		this.minLatency = other.minLatency;
		this.maxLatency = other.maxLatency;
		this.rateLimit = other.rateLimit;
		this.paymentRetries = other.paymentRetries;
	}

	/**
	 * Dodo's Payment Retries (Settings, Recovery; "Off (opt-in)"): a renewal that fails with a soft decline
	 * ({@code CARD_DECLINED}, {@code INSUFFICIENT_FUNDS}) is charged again on the subscription's method while the
	 * recovery window (13 days, Dodo's default) lasts; the first success makes the subscription {@code active} again
	 * ({@code subscription.active}). Off by default, as at Dodo. Guess: the back-off, 1, 2, 4 and 6 days.
	 * @param enabled whether failed renewals are retried
	 * @return this
	 */
	public SimulatorModes paymentRetries(boolean enabled) {
		this.paymentRetries = enabled;
		return this;
	}

	/** Whether failed renewals are retried. */
	public boolean paymentRetries() {
		return this.paymentRetries;
	}

	/**
	 * The network's time on every API call: a seeded draw between the two, 1 to 4 ms by default (a real API is
	 * never instant; the guess is small so tests stay fast). {@code Duration.ZERO} twice for an instant simulator.
	 * @param min the shortest
	 * @param max the longest
	 * @return this
	 */
	public SimulatorModes latency(Duration min, Duration max) {
		if (min.isNegative() || max.compareTo(min) < 0) {
			throw new IllegalArgumentException("latency needs 0 <= min <= max, not " + min + " and " + max);
		}
		this.minLatency = min;
		this.maxLatency = max;
		return this;
	}

	/** The shortest latency of a call. */
	public Duration minLatency() {
		return this.minLatency;
	}

	/** The longest latency of a call. */
	public Duration maxLatency() {
		return this.maxLatency;
	}

	/**
	 * How many API calls a rolling second the simulator answers before it answers 429 {@code TOO_MANY_REQUESTS} with
	 * {@code Retry-After: 1} (reference Basics: 429, honour {@code Retry-After}). {@value #DEFAULT_RATE_LIMIT} by
	 * default (a guess); 0 turns the limit off, for load tests and benchmarks that need a kind simulator.
	 * @param callsPerSecond the limit, or 0 for none
	 * @return this
	 */
	public SimulatorModes rateLimit(int callsPerSecond) {
		if (callsPerSecond < 0) {
			throw new IllegalArgumentException("rateLimit must be 0 (off) or more, not " + callsPerSecond);
		}
		this.rateLimit = callsPerSecond;
		return this;
	}

	/** The calls a rolling second answered before 429; 0 when off. */
	public int rateLimit() {
		return this.rateLimit;
	}

	/**
	 * Whether a confirmed checkout session ({@code confirm: true}) needs a full billing address (Dodo's docs:
	 * "all billing address fields become required"), or only a zipcode with {@code minimal_address: true}
	 * (SDK 2.52). On by default; off accepts a session without one, as the simulator used to.
	 * @param strict whether to enforce the rule
	 * @return this
	 */
	public SimulatorModes strictBillingAddress(boolean strict) {
		this.strictBillingAddress = strict;
		return this;
	}

	/** Whether confirmed checkout sessions need a billing address. */
	public boolean strictBillingAddress() {
		return this.strictBillingAddress;
	}

	/**
	 * The business default for {@code on_payment_failure} when a plan change omits it: {@code apply_change}
	 * (SDK: "apply_change (default)") unless set otherwise.
	 * @param policy {@code apply_change} or {@code prevent_change}
	 * @return this
	 */
	public SimulatorModes planChangeFailureDefault(String policy) {
		if (!policy.equals("apply_change") && !policy.equals("prevent_change")) {
			throw new IllegalArgumentException("on_payment_failure is apply_change or prevent_change, not " + policy);
		}
		this.planChangeFailureDefault = policy;
		return this;
	}

	/** The business default for {@code on_payment_failure}. */
	public String planChangeFailureDefault() {
		return this.planChangeFailureDefault;
	}

	/**
	 * How long a {@link CardBehaviour#SETTLES_LATER} or {@link CardBehaviour#DECLINES_LATER} charge stays
	 * {@code processing}, on the simulator's clock (advancing the clock settles it too). Guess: 2 s.
	 * @param delay the delay
	 * @return this
	 */
	public SimulatorModes settlementDelay(Duration delay) {
		this.settlementDelay = delay;
		return this;
	}

	/** How long a late-settling charge stays {@code processing}. */
	public Duration settlementDelay() {
		return this.settlementDelay;
	}

	/**
	 * How long a 3-D Secure charge waits for the customer before it fails with {@code AUTHENTICATION_REQUIRED},
	 * on the simulator's clock. Guess: 15 minutes, the life of a confirmed checkout session.
	 * @param timeout the timeout
	 * @return this
	 */
	public SimulatorModes authenticationTimeout(Duration timeout) {
		this.authenticationTimeout = timeout;
		return this;
	}

	/** How long a 3-D Secure charge waits for the customer. */
	public Duration authenticationTimeout() {
		return this.authenticationTimeout;
	}

	/**
	 * Whether the first read of each payment ({@code GET /payments/{id}} or a list) omits its {@code status},
	 * as Dodo may for a fresh payment (SDK: {@code status?: IntentStatus | null}). Off by default.
	 * @param omit whether to omit it
	 * @return this
	 */
	public SimulatorModes omitFreshPaymentStatus(boolean omit) {
		this.omitFreshPaymentStatus = omit;
		return this;
	}

	/** Whether a fresh payment's first read omits its status. */
	public boolean omitFreshPaymentStatus() {
		return this.omitFreshPaymentStatus;
	}

	@Override
	public String toString() {
		return "strictBillingAddress=" + this.strictBillingAddress + ", planChangeFailureDefault="
				+ this.planChangeFailureDefault + ", settlementDelay=" + this.settlementDelay + ", authenticationTimeout="
				+ this.authenticationTimeout + ", omitFreshPaymentStatus=" + this.omitFreshPaymentStatus + ", latency="
				+ this.minLatency.toMillis() + "-" + this.maxLatency.toMillis() + " ms, rateLimit=" + this.rateLimit + ", paymentRetries=" + this.paymentRetries;
	}

}
