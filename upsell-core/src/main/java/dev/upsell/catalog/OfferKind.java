package dev.upsell.catalog;

import java.util.Locale;

/** What an offer sells, relative to what the customer bought. */
public enum OfferKind {

	/** A better or bigger version of what was bought. */
	UPSELL,

	/** A cheaper alternative, offered after an upsell was declined. */
	DOWNSELL,

	/** Something that goes with what was bought. */
	CROSS_SELL,

	/** A move to a higher subscription plan. */
	PLAN_UPGRADE,

	/** A move to a lower subscription plan. */
	PLAN_DOWNGRADE;

	/** The lower-case form used in metadata and metric tags, e.g. {@code cross_sell}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
