package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * What declining an offer did.
 *
 * @param declined the declined offer
 * @param downsell the cheaper offer presented instead, if the rule has one
 */
public record DeclineResult(Offer declined, @Nullable Offer downsell) {
}
