package dev.upsell.restclient;

import java.net.URI;
import java.time.Duration;

/**
 * How {@link RestDodoClient} reaches Dodo.
 *
 * @param baseUrl the API root, e.g. {@code https://test.dodopayments.com}
 * @param apiKey the bearer token; may be empty for a simulator
 * @param connectTimeout TCP connect timeout
 * @param readTimeout time to wait for a response
 * @param retry how reads are retried
 */
public record DodoClientSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
		ReadRetry retry) {

	/** Keeps the API key out of logs and error messages. */
	@Override
	public String toString() {
		return "DodoClientSettings[baseUrl=" + this.baseUrl + ", apiKey=" + (this.apiKey.isEmpty() ? "<none>" : "******")
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + ", retry="
				+ this.retry + "]";
	}

	/**
	 * Retry of reads (GET) on connection errors, 408, 429 and 5xx, and of writes refused with 429 only, with
	 * exponential backoff. A
	 * {@code Retry-After} (or {@code retry-after-ms}) answer is honoured when it is within
	 * {@code maxBackoff}; a longer one ends the retries at once. Writes are never retried.
	 *
	 * @param maxAttempts attempts in all, including the first (1 = no retry)
	 * @param initialBackoff wait before the second attempt; doubles each time
	 * @param maxBackoff longest wait between attempts
	 */
	public record ReadRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

		/** Validates the values. */
		public ReadRetry {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
			}
		}

		/** The wait before attempt {@code attempt + 1} when the server gave no hint. */
		public Duration backoff(int attempt) {
			long millis = this.initialBackoff.toMillis() << Math.min(attempt - 1, 20);
			return Duration.ofMillis(Math.min(millis, this.maxBackoff.toMillis()));
		}

	}

}
