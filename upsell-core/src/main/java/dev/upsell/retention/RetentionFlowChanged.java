package dev.upsell.retention;

import org.jspecify.annotations.Nullable;

/**
 * A retention flow changed (published on the {@code UpsellEventPublisher} after the change is written, once per
 * change): a flow started ({@code before} is {@code null}), a reason given, an offer accepted and executed
 * ({@link RetentionFlow.Status#SAVED}), a cancellation. A host fulfils a {@code CUSTOM} offer on its
 * {@code SAVED} change.
 *
 * @param before the flow before, or {@code null} when it started
 * @param after the flow as written
 */
public record RetentionFlowChanged(@Nullable RetentionFlow before, RetentionFlow after) {
}
