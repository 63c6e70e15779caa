package dev.upsell.retention;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;

/**
 * A retention flow changed (published on the {@code UpsellEventPublisher} after the change is written, once per
 * change): a flow started ({@code before} is {@code null}), a reason given, an offer accepted and executed
 * ({@link RetentionFlow.Status#SAVED}), a cancellation. A host fulfils a {@code CUSTOM} offer on its
 * {@code SAVED} change.
 *
 * @param before the flow before, or {@code null} when it started
 * @param after the flow as written
 * @param keptPerPeriod for a save just measured as kept: the subscription's recurring amount (before tax), the revenue
 * the save keeps each period; {@code null} otherwise
 */
public record RetentionFlowChanged(@Nullable RetentionFlow before, RetentionFlow after, @Nullable Money keptPerPeriod) {

	/**
	 * A change that is not a save measured as kept.
	 * @param before the flow before, or {@code null} when it started
	 * @param after the flow as written
	 */
	public RetentionFlowChanged(@Nullable RetentionFlow before, RetentionFlow after) {
		this(before, after, null);
	}

}
