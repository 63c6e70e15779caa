package dev.upsell.dodo;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 3339 times as Dodo writes them, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, without a formatter (which
 * costs more than verifying a webhook's signature); any other form goes through {@link OffsetDateTime#parse}, and
 * a time without a zone is read as UTC.
 * Every {@link Instant} in Dodo's JSON is read through it ({@link DodoJson}).
 */
public final class Rfc3339Time {

	private Rfc3339Time() {
	}

	/**
	 * Reads an RFC 3339 time.
	 * @param text the time, or {@code null}
	 * @return the instant; {@code null} for {@code null} or an unreadable time
	 */
	public static @Nullable Instant parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Instant fast = utc(text);
		if (fast != null) {
			return fast;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			return withoutZone(text);
		}
	}

	/**
	 * A time without a zone ({@code 2026-11-24T10:00:01}), read as UTC: Dodo writes UTC, and a webhook whose
	 * time lacks the {@code Z} must not be refused on every retry for it.
	 */
	private static @Nullable Instant withoutZone(String text) {
		try {
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Instant utc(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		int nanos = 0;
		if (length > 20) {
			int fractionDigits = length - 21;
			if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
				return null;
			}
			nanos = digits(text, 20, length - 1);
			for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
				nanos *= 10;
			}
		}
		if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		try {
			long days = LocalDate.of(year, month, day).toEpochDay();
			return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/** The decimal number in {@code [from, to)}, or -1 when a character is not a digit. */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
