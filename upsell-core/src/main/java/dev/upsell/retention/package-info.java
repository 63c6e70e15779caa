/**
 * Retention flows: a subscriber who wants to cancel gives a reason, sees at most one offer matched to it (a pause,
 * an extension, or one the host handles), and either accepts it, executed on Dodo once, or cancels at the end of
 * the period in one more click. {@link dev.upsell.retention.RetentionService} is the facade.
 */
@NullMarked
package dev.upsell.retention;

import org.jspecify.annotations.NullMarked;
