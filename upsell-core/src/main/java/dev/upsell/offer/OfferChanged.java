package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * Application event: an offer change was written, a new offer ({@code before == null}) or a won
 * compare-and-set. A lost race, a retry or a duplicate webhook writes nothing and publishes nothing, so counts
 * built on these events are exact. Published on the thread that made the change; listeners must be quick and
 * must not throw.
 *
 * @param before the offer before, or {@code null} for a new offer
 * @param after the offer as written
 */
public record OfferChanged(@Nullable Offer before, Offer after) {

	/** Whether the status changed (a new offer counts as a change). */
	public boolean statusChanged() {
		return this.before == null || this.before.status() != this.after.status();
	}

}
