package dev.upsell.webhook;

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

import dev.upsell.dodo.Dispute;
import dev.upsell.dodo.DodoJson;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.Rfc3339Time;
import dev.upsell.dodo.Subscription;
import dev.upsell.webhook.internal.MalformedWebhookException;
import dev.upsell.webhook.internal.WebhookMeta;

/**
 * Reads a webhook body, {@code {business_id, type, timestamp, data}}, into a typed {@link DodoEvent}: the
 * envelope's {@code type} is found first (Dodo sends it before {@code data}, so this reads a few tokens), then
 * one pass reads the envelope and binds {@code data} straight to the record that type names. Strict, because a
 * verified body must mean one thing: a repeated {@code type} or {@code data}, a {@code data} that is not an
 * object, or anything after the envelope is refused.
 * <p>
 * Of the parsers tried, the simplest whose full webhook path stays within 1.5× of the floor (raw HMAC plus a
 * Jackson tree parse of the same body; see the benchmarks): a tree of the body and then a bind of its
 * {@code data} measured 1.7×, a bind of the whole body with Jackson's duplicate-key detection 1.6×.
 */
public final class DodoEventParser {

	private final JsonMapper json = DodoJson.mapper();

	/** Reads {@code data} in the middle of the envelope: the envelope's own end follows it. */
	private final ObjectReader embedded = this.json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	/** Each known type: the reader of its {@code data}, and the event that carries it. */
	private final Map<String, Binding<?>> bindings = Map.ofEntries(
			binding("payment.succeeded", Payment.class, DodoEvent.PaymentSucceeded::new),
			binding("payment.failed", Payment.class, DodoEvent.PaymentFailed::new),
			binding("payment.processing", Payment.class, DodoEvent.PaymentProcessing::new),
			binding("payment.cancelled", Payment.class, DodoEvent.PaymentCancelled::new),
			binding("subscription.active", Subscription.class, DodoEvent.SubscriptionActive::new),
			binding("subscription.plan_changed", Subscription.class, DodoEvent.SubscriptionPlanChanged::new),
			binding("subscription.renewed", Subscription.class, DodoEvent.SubscriptionRenewed::new),
			binding("subscription.on_hold", Subscription.class, DodoEvent.SubscriptionOnHold::new),
			binding("subscription.cancelled", Subscription.class, DodoEvent.SubscriptionCancelled::new),
			binding("refund.succeeded", Refund.class, DodoEvent.RefundSucceeded::new),
			binding("dispute.lost", Dispute.class, DodoEvent.DisputeLost::new),
			binding("dispute.accepted", Dispute.class, DodoEvent.DisputeAccepted::new));

	private final Binding<JsonNode> unknown = new Binding<>(this.embedded.forType(JsonNode.class),
			DodoEvent.UnknownDodoEvent::new);

	/**
	 * Parses a body.
	 * @param webhookId the delivery's {@code webhook-id}
	 * @param body the body bytes
	 * @return the event; {@link DodoEvent.UnknownDodoEvent} for a type this version does not know
	 * @throws MalformedWebhookException when the body is not an event envelope
	 */
	public DodoEvent parse(String webhookId, byte[] body) {
		try {
			String type = type(body);
			if (type == null) {
				throw notAnEvent();
			}
			return this.bindings.getOrDefault(type, this.unknown).read(webhookId, type, body, this.json);
		}
		catch (JacksonException ex) {
			// where, never what: a value from the body goes into no answer and no log line
			throw new MalformedWebhookException("Body is not valid JSON or its data does not fit the event type"
					+ ((ex.getLocation() != null) ? " (line " + ex.getLocation().getLineNr() + ", column "
							+ ex.getLocation().getColumnNr() + ")" : ""));
		}
	}

	/** The envelope's first {@code type}, reading only as far as it; {@code null} when there is none. */
	private @Nullable String type(byte[] body) {
		try (JsonParser parser = this.json.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if (field.equals("type")) {
					return (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				}
				parser.skipChildren();
			}
			return null;
		}
	}

	private <T> Map.Entry<String, Binding<?>> binding(String type, Class<T> data,
			BiFunction<WebhookMeta, T, DodoEvent> event) {
		return Map.entry(type, new Binding<>(this.embedded.forType(data), event));
	}

	private static MalformedWebhookException notAnEvent() {
		return new MalformedWebhookException(
				"Body is not a Dodo event: it needs one string 'type' and one object 'data'");
	}

	/** How one event type's envelope is read and its {@code data} bound and wrapped. */
	private record Binding<T>(ObjectReader reader, BiFunction<WebhookMeta, T, DodoEvent> event) {

		DodoEvent read(String webhookId, String type, byte[] body, JsonMapper json) {
			try (JsonParser parser = json.createParser(body)) {
				parser.nextToken();
				String businessId = null;
				String timestamp = null;
				T data = null;
				boolean sawType = false;
				for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					switch (field) {
						case "type" -> {
							if (sawType) {
								throw notAnEvent();
							}
							sawType = true;
						}
						case "data" -> {
							if (data != null || value != JsonToken.START_OBJECT) {
								throw notAnEvent();
							}
							data = this.reader.readValue(parser);
						}
						case "business_id" -> businessId = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
						case "timestamp" -> timestamp = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
						default -> parser.skipChildren();
					}
				}
				if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
					throw new MalformedWebhookException("Body has content after the event object");
				}
				if (data == null) {
					throw notAnEvent();
				}
				return this.event.apply(new WebhookMeta(webhookId, type, businessId, Rfc3339Time.parse(timestamp)), data);
			}
		}

	}

}
