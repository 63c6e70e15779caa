package dev.upsell.retention;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One save offer of a retention flow, shown for the reasons it names.
 *
 * @param id the offer's id, unique among the retention offers (in events and meters)
 * @param kind what it does
 * @param reasons the cancellation reasons it answers; empty for any reason
 * @param cycles for {@link Kind#PAUSE}: how many billing cycles the subscription pauses before it resumes; for
 * {@link Kind#DISCOUNT}: how many renewals the discount takes off
 * @param days for {@link Kind#EXTEND}: how many days the next billing date moves (free days)
 * @param productId for {@link Kind#DOWNGRADE}: the cheaper plan the subscription moves to
 * @param immediately for {@link Kind#DOWNGRADE}: whether the plan changes now (prorated: Dodo credits what is left of
 * the dearer plan, previewed and quoted before the customer accepts) instead of at the next billing date
 * @param percentOff for {@link Kind#DISCOUNT} without a code: the share off each renewal (1 to 100) of a code made
 * for this one customer (single use, limited to the plan)
 * @param discountCode for {@link Kind#DISCOUNT}: a code made in Dodo's dashboard to apply (its own limits hold), or
 * {@code null} to make one per customer
 * @param displayText the words the host shows with it, if any
 * @param plans the plans (Dodo product ids) whose subscribers it is shown to; empty for any plan
 */
public record RetentionOffer(String id, Kind kind, Set<String> reasons, int cycles, int days,
		@Nullable String productId, boolean immediately, int percentOff, @Nullable String discountCode,
		@Nullable String displayText, Set<String> plans) {

	/**
	 * An offer for subscribers of any plan.
	 * @param id the id
	 * @param kind what it does
	 * @param reasons the reasons it answers
	 * @param cycles a pause's cycles, or a discount's renewals
	 * @param days an extension's days
	 * @param productId a downgrade's plan
	 * @param immediately whether a downgrade happens now
	 * @param percentOff a discount's share
	 * @param discountCode a dashboard's code
	 * @param displayText the words shown with it
	 */
	public RetentionOffer(String id, Kind kind, Set<String> reasons, int cycles, int days, @Nullable String productId,
			boolean immediately, int percentOff, @Nullable String discountCode, @Nullable String displayText) {
		this(id, kind, reasons, cycles, days, productId, immediately, percentOff, discountCode, displayText, Set.of());
	}

	/**
	 * This offer, shown only to subscribers of some plans.
	 * @param plans the plans' product ids; empty for any
	 * @return the changed offer
	 */
	public RetentionOffer forPlans(Set<String> plans) {
		return new RetentionOffer(this.id, this.kind, this.reasons, this.cycles, this.days, this.productId,
				this.immediately, this.percentOff, this.discountCode, this.displayText, plans);
	}

	/**
	 * Whether a subscriber of a plan may see it.
	 * @param plan the subscription's product id
	 * @return whether it is shown on that plan
	 */
	public boolean shownOn(String plan) {
		return this.plans.isEmpty() || this.plans.contains(plan);
	}

	/**
	 * A pause, an extension, a downgrade at the next billing date or a custom offer.
	 * @param id the id
	 * @param kind what it does
	 * @param reasons the reasons it answers
	 * @param cycles a pause's cycles
	 * @param days an extension's days
	 * @param productId a downgrade's plan
	 * @param displayText the words shown with it
	 */
	public RetentionOffer(String id, Kind kind, Set<String> reasons, int cycles, int days, @Nullable String productId,
			@Nullable String displayText) {
		this(id, kind, reasons, cycles, days, productId, false, 0, null, displayText);
	}

	/**
	 * A discount offer: a share off a number of renewals.
	 * @param id the id
	 * @param reasons the reasons it answers
	 * @param cycles how many renewals
	 * @param percentOff the share off (1 to 100) of a code made per customer; ignored with a code
	 * @param discountCode a code of the dashboard, or {@code null} to make one per customer
	 * @param displayText the words shown with it
	 * @return the offer
	 */
	public static RetentionOffer discount(String id, Set<String> reasons, int cycles, int percentOff,
			@Nullable String discountCode, @Nullable String displayText) {
		return new RetentionOffer(id, Kind.DISCOUNT, reasons, cycles, 0, null, false, percentOff, discountCode,
				displayText);
	}

	/**
	 * A downgrade now: prorated, previewed and quoted before the customer accepts.
	 * @param id the id
	 * @param reasons the reasons it answers
	 * @param productId the cheaper plan
	 * @param displayText the words shown with it
	 * @return the offer
	 */
	public static RetentionOffer downgradeNow(String id, Set<String> reasons, String productId,
			@Nullable String displayText) {
		return new RetentionOffer(id, Kind.DOWNGRADE, reasons, 0, 0, productId, true, 0, null, displayText);
	}

	/**
	 * An offer that changes no plan.
	 * @param id the id
	 * @param kind what it does
	 * @param reasons the reasons it answers
	 * @param cycles a pause's cycles
	 * @param days an extension's days
	 * @param displayText the words shown with it
	 */
	public RetentionOffer(String id, Kind kind, Set<String> reasons, int cycles, int days, @Nullable String displayText) {
		this(id, kind, reasons, cycles, days, null, displayText);
	}

	/**
	 * Validates the offer: a pause needs at least one cycle, an extension at least one day.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public RetentionOffer {
		if (id.isBlank()) {
			throw new IllegalArgumentException("A retention offer needs an id");
		}
		reasons = Set.copyOf(reasons);
		plans = Set.copyOf(plans);
		if (kind == Kind.PAUSE && cycles < 1) {
			throw new IllegalArgumentException("Retention offer " + id + " pauses for at least 1 cycle, not " + cycles);
		}
		if (kind == Kind.EXTEND && days < 1) {
			throw new IllegalArgumentException("Retention offer " + id + " extends by at least 1 day, not " + days);
		}
		if (kind == Kind.DOWNGRADE && (productId == null || productId.isBlank())) {
			throw new IllegalArgumentException("Retention offer " + id + " downgrades: it needs the plan's product id");
		}
		if (kind == Kind.DISCOUNT) {
			if (discountCode == null && (percentOff < 1 || percentOff > 100)) {
				throw new IllegalArgumentException("Retention offer " + id
						+ " discounts: it needs a discount code of the dashboard or a percent off from 1 to 100, not "
						+ percentOff);
			}
			if (discountCode == null && cycles < 1) {
				throw new IllegalArgumentException(
						"Retention offer " + id + " discounts at least 1 renewal, not " + cycles);
			}
		}
	}

	/**
	 * Whether it answers a reason.
	 * @param reason the customer's reason
	 * @return whether it is shown for it
	 */
	public boolean answers(String reason) {
		return this.reasons.isEmpty() || this.reasons.contains(reason);
	}

	/** What a retention offer does when the customer accepts it. */
	public enum Kind {

		/** Pauses the subscription (Dodo's {@code paused} status) for a number of billing cycles, then resumes it. */
		PAUSE,
		/** Moves the next billing date by a number of days: free time, charged nothing. */
		EXTEND,
		/**
		 * Moves the subscription to a cheaper plan: at its next billing date (Dodo's scheduled change: charged nothing
		 * now, the new plan's price from the renewal on) or, {@link RetentionOffer#immediately() immediately}, now
		 * (prorated: the preview's figures are shown before the customer accepts).
		 */
		DOWNGRADE,
		/**
		 * A share off a number of renewals: a Dodo discount code, made for the customer or one of the dashboard's,
		 * applied to the subscription (a plan change to the same plan, billed nothing now).
		 */
		DISCOUNT,
		/** Nothing on Dodo: the host acts on the saved flow's event (a call, a coupon of its own). */
		CUSTOM

	}

}
