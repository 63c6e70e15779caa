package dev.upsell.restclient;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.DodoApiException;

/**
 * What an observation of one Dodo call knows: the operation (e.g. {@code POST /checkouts}, never an id) and,
 * once it ended, its outcome and the exception, if any.
 */
public final class DodoRequestObservationContext extends Observation.Context {

	private final String operation;

	private @Nullable String outcome;

	private @Nullable DodoApiException failure;

	/**
	 * Creates the context.
	 * @param operation the method and path template
	 */
	public DodoRequestObservationContext(String operation) {
		this.operation = operation;
	}

	/** The method and path template, e.g. {@code GET /payments/{id}}. */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * {@code success}, {@code client_error}, {@code server_error}, {@code timeout} or {@code connection_error};
	 * {@code null} while the call runs.
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/** The failure, when the call failed. */
	public @Nullable DodoApiException getFailure() {
		return this.failure;
	}

	void succeeded() {
		this.outcome = "success";
	}

	void failed(DodoApiException ex) {
		this.failure = ex;
		if (ex.isTimeout()) {
			this.outcome = "timeout";
		}
		else if (ex.isNoResponse()) {
			this.outcome = "connection_error";
		}
		else {
			this.outcome = (ex.status() >= 500) ? "server_error" : "client_error";
		}
	}

}
