package dev.upsell.test.simulator;

import org.jspecify.annotations.Nullable;

/**
 * A request the simulated API received.
 *
 * @param operation the operation, e.g. {@code POST /checkouts}
 * @param path the request path
 * @param query the query string, if any
 * @param body the request body ({@code ""} for none)
 * @param status the status the simulator answered, 0 while the answer is still pending, or -1 when it dropped
 * the connection on purpose ({@link Faults#loseAnswerNext})
 */
public record RecordedRequest(String operation, String path, @Nullable String query, String body, int status) {
}
