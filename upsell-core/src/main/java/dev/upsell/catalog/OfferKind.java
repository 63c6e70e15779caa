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
	PLAN_DOWNGRADE,

	/**
	 * An expansion: the same plan billed yearly instead of monthly (another product of the same family, another
	 * interval), shown with what a year costs on the current plan.
	 */
	ANNUAL_SWITCH,

	/** An expansion: more seats (quantity) or add-ons on an existing subscription, previewed before it is charged. */
	ADD_ON,

	/** An expansion: a subscription offered to a one-time buyer after the purchase, charged on the saved card. */
	SUBSCRIPTION,

	/** An item offered beside the host's own checkout, before the purchase, paid with it. */
	ORDER_BUMP;

	/**
	 * Whether offers of this kind change an existing subscription's plan (settled by {@code subscription.plan_changed},
	 * accepted through {@code PlanChangeService}), rather than charge a product on the saved card.
	 * @return whether it is a plan change
	 */
	public boolean isPlanChange() {
		return this == PLAN_UPGRADE || this == PLAN_DOWNGRADE || this == ANNUAL_SWITCH || this == ADD_ON;
	}

	/** The lower-case form used in metadata and metric tags, e.g. {@code cross_sell}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
