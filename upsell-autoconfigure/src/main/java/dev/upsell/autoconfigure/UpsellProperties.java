package dev.upsell.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.upsell.dodo.DodoClientSettings;

/**
 * Configuration of dodo-upsell, under {@code dodo.upsell}.
 *
 * @param api how to reach the Dodo Payments API
 */
@ConfigurationProperties("dodo.upsell")
public record UpsellProperties(@DefaultValue Api api) {

	/**
	 * How to reach the Dodo Payments API.
	 *
	 * @param key Dodo API key (bearer token). Defaults to the DODO_PAYMENTS_API_KEY environment variable.
	 * Required unless base-url points at a simulator or proxy.
	 * @param environment Which Dodo environment to use when no base-url is set: test-mode or live-mode.
	 * @param baseUrl API root URL; overrides environment (a simulator or a proxy).
	 * @param connectTimeout TCP connect timeout for Dodo calls.
	 * @param readTimeout How long to wait for Dodo's response. A money-moving call that times out is not
	 * retried; its outcome is settled by webhook or reconciliation.
	 * @param retry Retry of read-only calls (GET). Calls that can move money are never retried.
	 */
	public record Api(@Nullable String key, @DefaultValue("test-mode") DodoEnvironment environment,
			@Nullable URI baseUrl, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("20s") Duration readTimeout, @DefaultValue Retry retry) {

		/**
		 * The client settings these properties describe.
		 * @return the settings
		 * @throws InvalidConfigurationPropertyValueException when neither a key nor a base URL is set
		 */
		public DodoClientSettings clientSettings() {
			boolean hasKey = this.key != null && !this.key.isBlank();
			if (!hasKey && this.baseUrl == null) {
				throw new InvalidConfigurationPropertyValueException("dodo.upsell.api.key", "",
						"No Dodo API key is configured. Set dodo.upsell.api.key or the DODO_PAYMENTS_API_KEY "
								+ "environment variable (a test-mode key for " + this.environment.baseUrl()
								+ "), or point dodo.upsell.api.base-url at a Dodo simulator.");
			}
			URI url = (this.baseUrl != null) ? this.baseUrl : this.environment.baseUrl();
			return new DodoClientSettings(url, hasKey ? this.key.trim() : "", this.connectTimeout, this.readTimeout,
					new DodoClientSettings.ReadRetry(this.retry.maxAttempts, this.retry.initialBackoff,
							this.retry.maxBackoff));
		}

		/** Keeps the API key out of logs. */
		@Override
		public String toString() {
			return "Api[key=" + ((this.key == null || this.key.isBlank()) ? "<none>" : "******") + ", environment="
					+ this.environment + ", baseUrl=" + this.baseUrl + ", connectTimeout=" + this.connectTimeout
					+ ", readTimeout=" + this.readTimeout + ", retry=" + this.retry + "]";
		}

	}

	/**
	 * Retry of read-only Dodo calls on connection errors, 408, 429 and 5xx.
	 *
	 * @param maxAttempts Attempts in all, including the first (1 disables retries).
	 * @param initialBackoff Wait before the first retry; doubles with each further retry.
	 * @param maxBackoff Longest wait between attempts. A Retry-After from Dodo longer than this ends the
	 * retries at once instead of blocking the caller.
	 */
	public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("2s") Duration maxBackoff) {
	}

	/** The Dodo environments. */
	public enum DodoEnvironment {

		/** {@code https://test.dodopayments.com}: no real money moves. The default. */
		TEST_MODE("https://test.dodopayments.com"),

		/** {@code https://live.dodopayments.com}: real money. */
		LIVE_MODE("https://live.dodopayments.com");

		private final URI baseUrl;

		DodoEnvironment(String baseUrl) {
			this.baseUrl = URI.create(baseUrl);
		}

		/** The API root of this environment. */
		public URI baseUrl() {
			return this.baseUrl;
		}

	}

}
