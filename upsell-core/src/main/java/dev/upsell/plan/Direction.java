package dev.upsell.plan;

import java.util.Locale;

/** Which way a plan change goes, from the two plans' prices. */
public enum Direction {

	/** The new plan costs more per period. */
	UPGRADE,

	/** The new plan costs less per period. */
	DOWNGRADE,

	/** Both cost the same per period. */
	SAME_PRICE;

	/** The metric tag value. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
