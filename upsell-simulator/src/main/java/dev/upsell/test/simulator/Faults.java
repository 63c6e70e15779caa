package dev.upsell.test.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Fault injection for the simulated API. Operations are named as {@code METHOD /path-template}, the same
 * names {@code DodoApiException.operation()} reports:
 * <pre>
 * GET /customers/{id}/payment-methods     POST /checkouts        GET /checkouts/{id}
 * POST /payments                          GET /payments/{id}     GET /payments
 * GET /subscriptions/{id}                 POST /subscriptions/{id}/change-plan
 * POST /subscriptions/{id}/change-plan/preview                  GET /products/{id}
 * </pre>
 */
public final class Faults {

	/** Every operation the simulator serves. */
	public static final Set<String> OPERATIONS = Set.of("GET /customers/{id}/payment-methods", "POST /checkouts",
			"POST /checkouts/preview",
			"GET /checkouts/{id}", "POST /payments", "GET /payments/{id}", "GET /payments", "GET /subscriptions/{id}",
			"PATCH /subscriptions/{id}",
			"POST /subscriptions/{id}/change-plan", "POST /subscriptions/{id}/change-plan/preview",
			"DELETE /subscriptions/{id}/change-plan/scheduled", "GET /products/{id}", "POST /discounts",
			"GET /discounts/{id}", "GET /discounts/code/{id}", "DELETE /discounts/{id}");

	/** What an injected fault does to a call. */
	enum Kind {

		/** Answer an error status without doing anything. */
		FAIL_BEFORE,

		/** Do the call (a charge is made), then answer an error status. */
		FAIL_AFTER,

		/** Do the call, then hold the answer. */
		DELAY,

		/** Do the call, then drop the connection without a readable answer. */
		LOSE_ANSWER,

		/** Do the call, then answer 200 with an empty body. */
		GARBAGE_EMPTY,

		/** Do the call, then answer 200 with an HTML page, as a proxy might. */
		GARBAGE_HTML

	}

	private final List<Fault> faults = new ArrayList<>();

	private Duration latency = Duration.ZERO;

	/**
	 * The next {@code times} calls of an operation fail with {@code status} before doing anything (no charge).
	 * A 429 carries {@code Retry-After: 1} and {@code retry-after-ms: 20}.
	 * @param operation e.g. {@code POST /checkouts}
	 * @param status the HTTP status to answer
	 * @param times how many calls
	 * @return this
	 */
	public synchronized Faults failNext(String operation, int status, int times) {
		this.faults.add(new Fault(check(operation), Kind.FAIL_BEFORE, status, Duration.ZERO, times));
		return this;
	}

	/**
	 * The next {@code times} calls of an operation are carried out (a charge is made) and then answer
	 * {@code status}: the "Dodo charged but the response said error" case.
	 * @param operation e.g. {@code POST /checkouts}
	 * @param status the HTTP status to answer
	 * @param times how many calls
	 * @return this
	 */
	public synchronized Faults failNextAfterProcessing(String operation, int status, int times) {
		this.faults.add(new Fault(check(operation), Kind.FAIL_AFTER, status, Duration.ZERO, times));
		return this;
	}

	/**
	 * The next {@code times} calls of an operation are carried out and then answered only after
	 * {@code delay}: longer than the client's read timeout, this is a lost response to a call that did happen.
	 * @param operation e.g. {@code POST /checkouts}
	 * @param delay how long to hold the answer
	 * @param times how many calls
	 * @return this
	 */
	public synchronized Faults delayNext(String operation, Duration delay, int times) {
		this.faults.add(new Fault(check(operation), Kind.DELAY, 0, delay, times));
		return this;
	}

	/**
	 * The next {@code times} calls of an operation are carried out (a charge is made) and then the connection
	 * is dropped before a readable answer: the client sees an I/O error, not a status.
	 * @param operation e.g. {@code POST /checkouts}
	 * @param times how many calls
	 * @return this
	 */
	public synchronized Faults loseAnswerNext(String operation, int times) {
		this.faults.add(new Fault(check(operation), Kind.LOSE_ANSWER, 0, Duration.ZERO, times));
		return this;
	}

	/**
	 * The next {@code times} calls of an operation are carried out (a charge is made) and then answered
	 * {@code 200} with a body the client cannot read: empty, or a proxy's HTML page. A 2xx means Dodo took
	 * the call, so a client must treat its outcome as unknown, never as a refusal.
	 * @param operation e.g. {@code POST /checkouts}
	 * @param html an HTML page when true, an empty body when false
	 * @param times how many calls
	 * @return this
	 */
	public synchronized Faults garbageNext(String operation, boolean html, int times) {
		this.faults.add(new Fault(check(operation), html ? Kind.GARBAGE_HTML : Kind.GARBAGE_EMPTY, 200, Duration.ZERO,
				times));
		return this;
	}

	/**
	 * Adds latency to every call (e.g. to measure overhead against a realistic API).
	 * @param latency the added time
	 * @return this
	 */
	public synchronized Faults latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/** Removes every fault and the latency. */
	public synchronized void clear() {
		this.faults.clear();
		this.latency = Duration.ZERO;
	}

	synchronized Duration latency() {
		return this.latency;
	}

	/** Takes the next fault for a call, counting it down. */
	synchronized @Nullable Fault take(String operation) {
		for (Iterator<Fault> iterator = this.faults.iterator(); iterator.hasNext();) {
			Fault fault = iterator.next();
			if (fault.operation.equals(operation)) {
				fault.remaining--;
				if (fault.remaining <= 0) {
					iterator.remove();
				}
				return fault;
			}
		}
		return null;
	}

	/** The faults still waiting, for a report. */
	synchronized String describe() {
		StringBuilder text = new StringBuilder();
		for (Fault fault : this.faults) {
			text.append(fault.operation).append(' ').append(fault.kind).append(" x").append(fault.remaining).append("; ");
		}
		return text.isEmpty() ? "none" : text.toString();
	}

	private static String check(String operation) {
		if (!OPERATIONS.contains(operation)) {
			throw new IllegalArgumentException("Unknown operation '" + operation + "'; known: " + OPERATIONS);
		}
		return operation;
	}

	/** One injected fault. */
	static final class Fault {

		final String operation;

		final Kind kind;

		final int status;

		final Duration delay;

		int remaining;

		Fault(String operation, Kind kind, int status, Duration delay, int remaining) {
			if (remaining < 1) {
				throw new IllegalArgumentException("times must be at least 1, not " + remaining);
			}
			this.operation = operation;
			this.kind = kind;
			this.status = status;
			this.delay = delay;
			this.remaining = remaining;
		}

	}

}
