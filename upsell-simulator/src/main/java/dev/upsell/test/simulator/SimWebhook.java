package dev.upsell.test.simulator;

import java.time.Instant;

/**
 * A webhook event the simulator emitted (one per event, however often it was delivered).
 *
 * @param webhookId the {@code webhook-id}, the same on every delivery of this event
 * @param type the event type, e.g. {@code payment.succeeded}
 * @param body the exact JSON body
 * @param createdAt when the event happened
 */
public record SimWebhook(String webhookId, String type, String body, Instant createdAt) {
}
