package dev.upsell.retention;

import org.jspecify.annotations.Nullable;

/**
 * A retention flow after the customer gave a reason: the flow, and the one offer to show, if any. Without an offer
 * the host shows the cancellation alone.
 *
 * @param flow the flow
 * @param offer the offer to show, or {@code null}
 */
public record RetentionStep(RetentionFlow flow, @Nullable RetentionOffer offer) {
}
