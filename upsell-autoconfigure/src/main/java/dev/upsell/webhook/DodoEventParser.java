package dev.upsell.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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

	private final ObjectReader payments = this.embedded.forType(Payment.class);

	private final ObjectReader subscriptions = this.embedded.forType(Subscription.class);

	private final ObjectReader refunds = this.embedded.forType(Refund.class);

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
		Class<?> target = dataType(type);
		if (target == null) {
			return this.embedded.readTree(parser);
		}
		ObjectReader reader = (target == Payment.class) ? this.payments
				: (target == Subscription.class) ? this.subscriptions : this.refunds;
		return require(reader.readValue(parser), target);
	}

	private Object readData(String type, JsonNode tree) {
		Class<?> target = dataType(type);
		return (target != null) ? require(this.json.treeToValue(tree, target), target) : tree;
	}

	private static Object require(@Nullable Object value, Class<?> type) {
		if (value == null) {
			throw new MalformedWebhookException("The data is not a " + type.getSimpleName());
		}
		return value;
	}

	private static @Nullable Class<?> dataType(String type) {
		if (type.startsWith("payment.")) {
			return switch (type) {
				case "payment.succeeded", "payment.failed", "payment.processing", "payment.cancelled" -> Payment.class;
				default -> null;
			};
		}
		if (type.startsWith("subscription.")) {
			return switch (type) {
				case "subscription.active", "subscription.plan_changed", "subscription.renewed",
						"subscription.on_hold", "subscription.cancelled" ->
					Subscription.class;
				default -> null;
			};
		}
		return type.equals("refund.succeeded") ? Refund.class : null;
	}

	private static DodoEvent event(WebhookMeta meta, Object data) {
		return switch (meta.type()) {
			case "payment.succeeded" -> new DodoEvent.PaymentSucceeded(meta, (Payment) data);
			case "payment.failed" -> new DodoEvent.PaymentFailed(meta, (Payment) data);
			case "payment.processing" -> new DodoEvent.PaymentProcessing(meta, (Payment) data);
			case "payment.cancelled" -> new DodoEvent.PaymentCancelled(meta, (Payment) data);
			case "subscription.active" -> new DodoEvent.SubscriptionActive(meta, (Subscription) data);
			case "subscription.plan_changed" -> new DodoEvent.SubscriptionPlanChanged(meta, (Subscription) data);
			case "subscription.renewed" -> new DodoEvent.SubscriptionRenewed(meta, (Subscription) data);
			case "subscription.on_hold" -> new DodoEvent.SubscriptionOnHold(meta, (Subscription) data);
			case "subscription.cancelled" -> new DodoEvent.SubscriptionCancelled(meta, (Subscription) data);
			case "refund.succeeded" -> new DodoEvent.RefundSucceeded(meta, (Refund) data);
			default -> new DodoEvent.UnknownDodoEvent(meta, (JsonNode) data);
		};
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
