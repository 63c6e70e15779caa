package dev.upsell.funnel;

import org.jspecify.annotations.Nullable;

/**
 * One arm of an {@link Experiment}: what it changes about the step's offer. The experiment's first variant is
 * the control; a variant that changes nothing shows the step's own offer.
 *
 * @param id the variant's id, unique in its experiment; the {@code variant} metric tag
 * @param weight its share of the exposed customers, relative to the other variants' weights
 * @param productId another product to offer, if any
 * @param amount another price per unit in minor units, sent as the cart line's {@code amount}; Dodo honours it
 * for pay-what-you-want products only (at or above their minimum), so any other product's offer is not shown
 * @param displayText the text the page shows for the offer, if any
 */
public record Variant(String id, int weight, @Nullable String productId, @Nullable Long amount,
		@Nullable String displayText) {
}
