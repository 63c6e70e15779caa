package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

/**
 * Told of every offer change that was actually written: a new offer ({@code before == null}) or a won
 * compare-and-set. A lost race, a retry or a duplicate webhook changes nothing and tells nothing, so counts
 * built on this are exact. Called on the thread that made the change; must be quick and must not throw.
 */
@FunctionalInterface
public interface OfferListener {

	/**
	 * An offer changed.
	 * @param before the previous version, or {@code null} for a new offer
	 * @param after the version written
	 */
	void onChange(@Nullable Offer before, Offer after);

}
