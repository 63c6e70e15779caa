package dev.upsell.restclient.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.upsell.restclient.DodoClientSettings;

/**
 * Retries GET requests on no answer, 408, 429 and 5xx (or when Dodo says {@code x-should-retry: true}; never when
 * it says {@code false}), with exponential backoff and equal jitter (half the backoff fixed, half random), so
 * instances that failed together do not retry together. A {@code Retry-After} within {@code maxBackoff} is waited
 * out exactly; a longer one ends the retries at once rather than block the caller.
 * <p>
 * A POST (a charge, a checkout, a plan change) is sent again only after a 429: Dodo's rate limit refuses the call
 * before it does anything (reference Basics: "429 TOO_MANY_REQUESTS; honour Retry-After"; Dodo's SDKs retry it too),
 * so a charge refused for the rate is not lost, and the offer keeps its one charge. After anything else (no
 * answer, 5xx, an unreadable answer) a POST is never sent again: Dodo takes no idempotency key, and the charge may
 * have happened.
 * <p>
 * Not built on Spring Framework 7's {@code RetryTemplate}: its {@code RetryPolicy} computes each wait from the
 * attempt number alone, and a retry here must be decided, and its wait taken, from the answer itself (the
 * status, {@code Retry-After}, {@code x-should-retry}).
 */
public final class ReadRetryInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(ReadRetryInterceptor.class);

	private final DodoClientSettings.ReadRetry retry;

	/**
	 * Creates the interceptor.
	 * @param retry attempts and backoff
	 */
	public ReadRetryInterceptor(DodoClientSettings.ReadRetry retry) {
		this.retry = retry;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		boolean read = request.getMethod() == HttpMethod.GET;
		for (int attempt = 1;; attempt++) {
			ClientHttpResponse response;
			try {
				response = execution.execute(request, body);
			}
			catch (IOException ex) {
				if (!read || attempt >= this.retry.maxAttempts()) {
					throw ex;
				}
				pause(jittered(this.retry.backoff(attempt)), request, ex.getClass().getSimpleName());
				continue;
			}
			Duration wait = (read || response.getStatusCode().value() == 429) ? retryWait(response, attempt) : null;
			if (wait == null) {
				return response;
			}
			int status = response.getStatusCode().value();
			response.close();
			pause(wait, request, "HTTP " + status);
		}
	}

	private @Nullable Duration retryWait(ClientHttpResponse response, int attempt) throws IOException {
		Boolean hint = DodoRetryHints.shouldRetry(response.getHeaders());
		if (attempt >= this.retry.maxAttempts() || Boolean.FALSE.equals(hint)) {
			return null;
		}
		int status = response.getStatusCode().value();
		boolean retryable = status == 408 || status == 429 || status >= 500 || Boolean.TRUE.equals(hint);
		if (!retryable) {
			return null;
		}
		Duration hinted = DodoRetryHints.retryAfter(response.getHeaders());
		if (hinted == null) {
			return jittered(this.retry.backoff(attempt));
		}
		return (hinted.compareTo(this.retry.maxBackoff()) <= 0) ? hinted : null;
	}

	/** Equal jitter: half the backoff, plus a random share of the other half. */
	public static Duration jittered(Duration backoff) {
		long half = backoff.toMillis() / 2;
		return Duration.ofMillis(half + ((half > 0) ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
	}

	private static void pause(Duration wait, HttpRequest request, String after) throws IOException {
		if (logger.isDebugEnabled()) {
			logger.debug("Retrying Dodo " + request.getMethod() + " " + request.getURI().getPath() + " in " + wait.toMillis() + " ms after "
					+ after);
		}
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Interrupted while waiting to retry");
		}
	}

}
