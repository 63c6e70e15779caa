/**
 * Dodo webhooks: {@link dev.upsell.webhook.StandardWebhookVerifier} (usable without Spring), typed
 * {@link dev.upsell.webhook.DodoEvent}s, deduplication by {@code webhook-id}, and
 * {@link dev.upsell.webhook.WebhookProcessor}, which the HTTP endpoint drives.
 */
@NullMarked
package dev.upsell.webhook;

import org.jspecify.annotations.NullMarked;
