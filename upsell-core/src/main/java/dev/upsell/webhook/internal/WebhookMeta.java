package dev.upsell.webhook.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The envelope of a webhook event.
 *
 * @param webhookId the {@code webhook-id}: the same on every redelivery
 * @param type the event type, e.g. {@code payment.succeeded}
 * @param businessId Dodo's business id
 * @param timestamp when the event happened, per Dodo
 */
public record WebhookMeta(String webhookId, String type, @Nullable String businessId, @Nullable Instant timestamp) {
}
