package dev.upsell.restclient.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;

import dev.upsell.dodo.DodoApiException;

/**
 * Reads Dodo's answers: a 2xx body as the expected type (an unreadable one is an error with an unknown
 * outcome), a 4xx/5xx as a {@link DodoApiException} carrying Dodo's {@code code}, a shortened {@code message}
 * and its retry hints, and a call without an answer as a timeout or connection error.
 */
public final class DodoErrorDecoder {

	private static final Log logger = LogFactory.getLog(DodoErrorDecoder.class);

	private static final int MAX_ERROR_TEXT = 300;

	private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private final JsonMapper json;

	public DodoErrorDecoder(JsonMapper json) {
		this.json = json;
	}

	/** The body as {@code type}, {@code null} when empty; an error status throws. */
	public <T> @Nullable T decode(String operation, ClientHttpResponse response, Class<T> type) throws IOException {
		int status = response.getStatusCode().value();
		byte[] body = StreamUtils.copyToByteArray(response.getBody());
		if (status >= 400) {
			throw error(operation, status, body, response);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Dodo " + operation + " -> " + status);
		}
		if (body.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new DodoApiException(operation, status, "UNREADABLE_RESPONSE",
					"Dodo's response could not be read as " + type.getSimpleName() + ": " + ex.getOriginalMessage());
		}
	}

	private DodoApiException error(String operation, int status, byte[] body, ClientHttpResponse response) {
		String code = null;
		String message = null;
		try {
			JsonNode node = (body.length > 0) ? this.json.readTree(body) : null;
			if (node != null && node.has("error") && node.get("error").isObject()) {
				node = node.get("error");
			}
			if (node != null && node.isObject()) {
				code = code(text(node, "code"));
				message = text(node, "message");
			}
		}
		catch (JacksonException ex) {
			// not JSON (e.g. a proxy's HTML page): status alone says enough
		}
		logger.debug("Dodo " + operation + " -> " + status + " " + code);
		return new DodoApiException(operation, status, code, message, DodoRetryHints.retryAfter(response.getHeaders()),
				DodoRetryHints.shouldRetry(response.getHeaders()));
	}

	/** A call that got no answer: a timeout, or no connection. */
	public static DodoApiException noResponse(String operation, ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
					|| cause instanceof TimeoutException) {
				return new DodoApiException(operation, true, cause);
			}
		}
		Throwable root = (ex.getCause() != null) ? ex.getCause() : ex;
		return new DodoApiException(operation, false, root);
	}

	/**
	 * A field of Dodo's error, shortened, on one line: Dodo's messages can quote what was sent (a product id, a
	 * customer's name), and a line break in it must not forge a log line of ours.
	 */
	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		String text = CONTROL.matcher(value.asString()).replaceAll(" ");
		return (text.length() > MAX_ERROR_TEXT) ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
	}

	/** Dodo's codes are upper-case words; anything else is not a code to act on or show. */
	private static @Nullable String code(@Nullable String code) {
		return (code == null || CODE.matcher(code).matches()) ? code : "UNRECOGNISED_CODE";
	}

}
