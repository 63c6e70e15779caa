package dev.upsell.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.upsell.dodo.DodoJson;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.Subscription;

/** Reads a webhook body, {@code {business_id, type, timestamp, data}}, into a typed {@link DodoEvent}. */
public final class DodoEventParser {

	private final JsonMapper json = DodoJson.mapper();

	/**
	 * Parses a body.
	 * @param webhookId the delivery's {@code webhook-id}
	 * @param body the body bytes
	 * @return the event; {@link DodoEvent.UnknownDodoEvent} for a type this version does not know
	 * @throws MalformedWebhookException when the body is not an event envelope
	 */
	public DodoEvent parse(String webhookId, byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedWebhookException("Body is not valid JSON");
		}
		if (root == null || !root.isObject() || !root.path("type").isString() || !root.path("data").isObject()) {
			throw new MalformedWebhookException("Body is not a Dodo event: it needs a string 'type' and an object 'data'");
		}
		String type = root.path("type").asString();
		WebhookMeta meta = new WebhookMeta(webhookId, type, text(root, "business_id"), timestamp(root));
		JsonNode data = root.path("data");
		try {
			return switch (type) {
				case "payment.succeeded" -> new DodoEvent.PaymentSucceeded(meta, read(data, Payment.class));
				case "payment.failed" -> new DodoEvent.PaymentFailed(meta, read(data, Payment.class));
				case "payment.processing" -> new DodoEvent.PaymentProcessing(meta, read(data, Payment.class));
				case "payment.cancelled" -> new DodoEvent.PaymentCancelled(meta, read(data, Payment.class));
				case "subscription.active" -> new DodoEvent.SubscriptionActive(meta, read(data, Subscription.class));
				case "subscription.plan_changed" -> new DodoEvent.SubscriptionPlanChanged(meta, read(data, Subscription.class));
				case "subscription.renewed" -> new DodoEvent.SubscriptionRenewed(meta, read(data, Subscription.class));
				case "subscription.on_hold" -> new DodoEvent.SubscriptionOnHold(meta, read(data, Subscription.class));
				case "subscription.cancelled" -> new DodoEvent.SubscriptionCancelled(meta, read(data, Subscription.class));
				case "refund.succeeded" -> new DodoEvent.RefundSucceeded(meta, read(data, Refund.class));
				default -> new DodoEvent.UnknownDodoEvent(meta, data);
			};
		}
		catch (JacksonException ex) {
			throw new MalformedWebhookException("The data of a " + type + " event does not parse: " + ex.getOriginalMessage());
		}
	}

	private <T> T read(JsonNode data, Class<T> type) {
		T value = this.json.treeToValue(data, type);
		if (value == null) {
			throw new MalformedWebhookException("The data is not a " + type.getSimpleName());
		}
		return value;
	}

	private static @Nullable String text(JsonNode root, String field) {
		JsonNode node = root.get(field);
		return (node != null && node.isString()) ? node.asString() : null;
	}

	private static @Nullable Instant timestamp(JsonNode root) {
		String text = text(root, "timestamp");
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
