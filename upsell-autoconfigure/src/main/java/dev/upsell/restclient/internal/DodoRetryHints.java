package dev.upsell.restclient.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/** What Dodo's answer says about trying again: {@code retry-after-ms}, {@code Retry-After}, {@code x-should-retry}. */
public final class DodoRetryHints {

	private DodoRetryHints() {
	}

	/** The wait Dodo asks for, if any (a date in the past is no wait). */
	static @Nullable Duration retryAfter(HttpHeaders headers) {
		try {
			String millis = headers.getFirst("retry-after-ms");
			if (millis != null) {
				return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
			}
			String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
			if (value == null) {
				return null;
			}
			if (value.trim().chars().allMatch(Character::isDigit)) {
				return Duration.ofSeconds(Long.parseLong(value.trim()));
			}
			Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(Instant.now(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Dodo's {@code x-should-retry}, if it sent one. */
	static @Nullable Boolean shouldRetry(HttpHeaders headers) {
		String value = headers.getFirst("x-should-retry");
		return (value != null) ? Boolean.valueOf(value.trim()) : null;
	}

}
