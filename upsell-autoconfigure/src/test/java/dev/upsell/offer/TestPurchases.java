package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;

/** Purchases as a host reports them: with the buyer's full billing address, so one click uses a checkout session. */
public final class TestPurchases {

	/** A full billing address, as Dodo's docs require of a confirmed checkout session. */
	public static final BillingAddress ADDRESS = new BillingAddress("US", "San Francisco", "CA", "1 Market St",
			"94105");

	private TestPurchases() {
	}

	/**
	 * A purchase with {@link #ADDRESS}.
	 * @param reference the order reference
	 * @return the context
	 */
	public static PurchaseContext of(@Nullable String reference) {
		return PurchaseContext.of(reference).withBillingAddress(ADDRESS);
	}

}
