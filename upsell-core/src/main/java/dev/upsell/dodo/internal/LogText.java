package dev.upsell.dodo.internal;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Values from outside (a webhook's {@code type} or ids, Dodo's messages, what a customer sent) made fit for one
 * log line: control characters and line or paragraph separators become spaces, and the text is cut to a bound,
 * so a newline in a signed event cannot forge a line of ours and a megabyte of text cannot flood the log.
 */
public final class LogText {

	/** Line breaks, other control characters, and Unicode line/paragraph separators and bidi controls. */
	private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

	/** The bound of an id or a type. */
	public static final int ID = 64;

	private LogText() {
	}

	/**
	 * The value on one line, at most {@code max} characters (an ellipsis marks a cut).
	 * @param value the value, or {@code null}
	 * @param max the most characters kept
	 * @return the safe text; {@code "(none)"} for {@code null}
	 */
	public static String of(@Nullable String value, int max) {
		if (value == null) {
			return "(none)";
		}
		String text = UNSAFE.matcher((value.length() > max) ? value.substring(0, max) : value).replaceAll(" ");
		return (value.length() > max) ? text + "…" : text;
	}

	/**
	 * An id or a type on one line, at most {@value #ID} characters.
	 * @param value the value, or {@code null}
	 * @return the safe text
	 */
	public static String id(@Nullable String value) {
		return of(value, ID);
	}

}
