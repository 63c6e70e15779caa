package dev.upsell.dodo;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Dodo answered with an error, or could not be reached.
 * <p>
 * {@link #status()} is the HTTP status, or {@code 0} when no response arrived (connection refused, timeout).
 * {@link #code()} and {@link #dodoMessage()} are Dodo's own error code and text when it sent them. The
 * message never contains the API key or request bodies.
 */
public class DodoApiException extends RuntimeException {

	private final String operation;

	private final int status;

	private final @Nullable String code;

	private final @Nullable String dodoMessage;

	private final boolean timeout;

	private final @Nullable Duration retryAfter;

	private final @Nullable Boolean shouldRetryHint;

	/**
	 * Creates an exception for an error response.
	 * @param operation the operation, e.g. {@code POST /checkouts}
	 * @param status the HTTP status
	 * @param code Dodo's error code, if any
	 * @param dodoMessage Dodo's error message, if any
	 */
	public DodoApiException(String operation, int status, @Nullable String code, @Nullable String dodoMessage) {
		this(operation, status, code, dodoMessage, null, null);
	}

	/**
	 * Creates an exception for an error response with Dodo's retry hints.
	 * @param operation the operation, e.g. {@code POST /checkouts}
	 * @param status the HTTP status
	 * @param code Dodo's error code, if any
	 * @param dodoMessage Dodo's error message, if any
	 * @param retryAfter the {@code Retry-After} Dodo sent, if any
	 * @param shouldRetryHint Dodo's {@code x-should-retry} header, if any
	 */
	public DodoApiException(String operation, int status, @Nullable String code, @Nullable String dodoMessage,
			@Nullable Duration retryAfter, @Nullable Boolean shouldRetryHint) {
		super(describe(operation, status, code, dodoMessage));
		this.operation = operation;
		this.status = status;
		this.code = code;
		this.dodoMessage = dodoMessage;
		this.timeout = false;
		this.retryAfter = retryAfter;
		this.shouldRetryHint = shouldRetryHint;
	}

	/**
	 * Creates an exception for a call that got no response.
	 * @param operation the operation, e.g. {@code POST /checkouts}
	 * @param timeout whether the call timed out (as opposed to failing to connect)
	 * @param cause the I/O failure
	 */
	public DodoApiException(String operation, boolean timeout, Throwable cause) {
		super("Dodo API " + operation + (timeout ? " timed out" : " could not be reached") + ": "
				+ cause.getClass().getSimpleName(), cause);
		this.operation = operation;
		this.status = 0;
		this.code = timeout ? "TIMEOUT" : "CONNECTION_ERROR";
		this.dodoMessage = null;
		this.timeout = timeout;
		this.retryAfter = null;
		this.shouldRetryHint = null;
	}

	private static String describe(String operation, int status, @Nullable String code, @Nullable String message) {
		StringBuilder text = new StringBuilder("Dodo API ").append(operation).append(" failed with HTTP ").append(status);
		if (code != null) {
			text.append(" ").append(code);
		}
		if (message != null) {
			text.append(": ").append(message);
		}
		return text.toString();
	}

	/** The operation that failed, e.g. {@code POST /checkouts}. */
	public String operation() {
		return this.operation;
	}

	/** The HTTP status, or {@code 0} when no response arrived. */
	public int status() {
		return this.status;
	}

	/** Dodo's error code (e.g. {@code PENDING_PLAN_CHANGE_EXISTS}), {@code TIMEOUT} or {@code CONNECTION_ERROR}. */
	public @Nullable String code() {
		return this.code;
	}

	/** Dodo's human-readable error message, if it sent one. */
	public @Nullable String dodoMessage() {
		return this.dodoMessage;
	}

	/** How long Dodo asked to wait before trying again ({@code Retry-After}), if it said. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/** Dodo's {@code x-should-retry} header, if it sent one. */
	@Nullable Boolean shouldRetryHint() {
		return this.shouldRetryHint;
	}

	/** Whether the call timed out waiting for Dodo. */
	public boolean isTimeout() {
		return this.timeout;
	}

	/** Whether no HTTP response arrived at all (timeout or connection failure). */
	public boolean isNoResponse() {
		return this.status == 0;
	}

	/**
	 * Whether Dodo may have acted on the request even though it failed: no response, a 5xx, or a 2xx whose body
	 * could not be read. For a money-moving call this means "outcome unknown": settle it by webhook or
	 * reconciliation, never by sending it again. A 4xx means Dodo refused the request.
	 */
	public boolean isOutcomeUnknown() {
		// a 2xx whose body could not be read means Dodo took the call: what it did is unknown, not refused
		return this.status == 0 || this.status >= 500 || (this.status >= 200 && this.status < 300);
	}

}
