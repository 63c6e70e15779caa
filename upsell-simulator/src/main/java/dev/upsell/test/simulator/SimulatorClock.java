package dev.upsell.test.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's clock: the system clock plus an offset that tests move, e.g. to reach the middle of a
 * billing period before a prorated plan change.
 */
public final class SimulatorClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	private volatile Runnable onAdvance = () -> {
	};

	/**
	 * Creates a clock on top of another.
	 * @param base the underlying clock
	 */
	public SimulatorClock(Clock base) {
		this.base = base;
	}

	/**
	 * Moves time forward (or back, with a negative duration). Before it returns, the simulator has done what
	 * came due meanwhile: renewals at {@code next_billing_date} and scheduled plan changes, late settlements,
	 * authentication timeouts, with their webhooks sent.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.offset.accumulateAndGet(duration, Duration::plus);
		this.onAdvance.run();
	}

	/** What to run after each {@link #advance(Duration)}. */
	void onAdvance(Runnable action) {
		this.onAdvance = action;
	}

	/** Goes back to the underlying clock's time. */
	public void reset() {
		this.offset.set(Duration.ZERO);
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset.get());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The simulator runs in UTC");
	}

}
