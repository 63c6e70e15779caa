package dev.upsell.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.upsell.dodo.DodoJson;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.Subscription;

/**
 * Reads a webhook body, {@code {business_id, type, timestamp, data}}, into a typed {@link DodoEvent}.
 * <p>
 * One streaming pass: the envelope's fields are read from the token stream and, when {@code type} comes
 * before {@code data} (as Dodo sends it), {@code data} is bound straight to its record without an intermediate
 * tree; otherwise {@code data} is kept as a tree until the type is known. Fields the starter does not use are
 * skipped without being decoded. A body with a repeated {@code type} or {@code data}, or anything after the
 * envelope, is refused: a verified body must mean one thing.
 */
public final class DodoEventParser {

	private final JsonMapper json = DodoJson.mapper();

	/** Reads {@code data} in the middle of the envelope: the envelope's own end follows it. */
	private final ObjectReader embedded = this.json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	/** Each known type: the record its {@code data} binds to, and the event that carries it. */
	private final Map<String, Binding> bindings = Map.ofEntries(
			binding("payment.succeeded", Payment.class, DodoEvent.PaymentSucceeded::new),
			binding("payment.failed", Payment.class, DodoEvent.PaymentFailed::new),
			binding("payment.processing", Payment.class, DodoEvent.PaymentProcessing::new),
			binding("payment.cancelled", Payment.class, DodoEvent.PaymentCancelled::new),
			binding("subscription.active", Subscription.class, DodoEvent.SubscriptionActive::new),
			binding("subscription.plan_changed", Subscription.class, DodoEvent.SubscriptionPlanChanged::new),
			binding("subscription.renewed", Subscription.class, DodoEvent.SubscriptionRenewed::new),
			binding("subscription.on_hold", Subscription.class, DodoEvent.SubscriptionOnHold::new),
			binding("subscription.cancelled", Subscription.class, DodoEvent.SubscriptionCancelled::new),
			binding("refund.succeeded", Refund.class, DodoEvent.RefundSucceeded::new));

	/**
	 * Parses a body.
	 * @param webhookId the delivery's {@code webhook-id}
	 * @param body the body bytes
	 * @return the event; {@link DodoEvent.UnknownDodoEvent} for a type this version does not know
	 * @throws MalformedWebhookException when the body is not an event envelope
	 */
	public DodoEvent parse(String webhookId, byte[] body) {
		try (JsonParser parser = this.json.createParser(body)) {
			return parse(webhookId, parser);
		}
		catch (JacksonException ex) {
			throw new MalformedWebhookException("Body is not valid JSON or its data does not fit the event type: "
					+ ex.getOriginalMessage());
		}
	}

	private DodoEvent parse(String webhookId, JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw notAnEvent();
		}
		String type = null;
		String businessId = null;
		String timestamp = null;
		Object data = null;
		boolean sawData = false;
		boolean sawType = false;
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (field) {
				case "type" -> {
					if (sawType || value != JsonToken.VALUE_STRING) {
						throw notAnEvent();
					}
					sawType = true;
					type = parser.getString();
				}
				case "data" -> {
					if (sawData || value != JsonToken.START_OBJECT) {
						throw notAnEvent();
					}
					sawData = true;
					data = (type != null) ? readData(type, parser) : this.embedded.readTree(parser);
				}
				case "business_id" -> businessId = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				case "timestamp" -> timestamp = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				default -> parser.skipChildren();
			}
		}
		if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
			throw new MalformedWebhookException("Body has content after the event object");
		}
		if (type == null || data == null) {
			throw notAnEvent();
		}
		if (data instanceof JsonNode tree) {
			data = readData(type, tree);
		}
		WebhookMeta meta = new WebhookMeta(webhookId, type, businessId, instant(timestamp));
		return event(meta, data);
	}

	private Object readData(String type, JsonParser parser) {
		Binding binding = this.bindings.get(type);
		return (binding != null) ? binding.require(binding.reader.readValue(parser)) : this.embedded.readTree(parser);
	}

	private Object readData(String type, JsonNode tree) {
		Binding binding = this.bindings.get(type);
		return (binding != null) ? binding.require(this.json.treeToValue(tree, binding.type)) : tree;
	}

	private DodoEvent event(WebhookMeta meta, Object data) {
		Binding binding = this.bindings.get(meta.type());
		return (binding != null) ? binding.event.apply(meta, data) : new DodoEvent.UnknownDodoEvent(meta, (JsonNode) data);
	}

	private <T> Map.Entry<String, Binding> binding(String type, Class<T> data,
			BiFunction<WebhookMeta, T, DodoEvent> event) {
		return Map.entry(type, new Binding(data, this.embedded.forType(data),
				(meta, value) -> event.apply(meta, data.cast(value))));
	}

	/** How one event type's {@code data} is read and wrapped. */
	private record Binding(Class<?> type, ObjectReader reader, BiFunction<WebhookMeta, Object, DodoEvent> event) {

		Object require(@Nullable Object value) {
			if (value == null) {
				throw new MalformedWebhookException("The data is not a " + this.type.getSimpleName());
			}
			return value;
		}

	}

	private static MalformedWebhookException notAnEvent() {
		return new MalformedWebhookException(
				"Body is not a Dodo event: it needs one string 'type' and one object 'data'");
	}

	/**
	 * Reads an RFC 3339 time. {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, Dodo's form, is read without a
	 * formatter (which costs more than verifying the signature); any other form goes through
	 * {@link OffsetDateTime#parse}. An unreadable time is {@code null}: it is informational only.
	 */
	static @Nullable Instant instant(@Nullable String text) {
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
