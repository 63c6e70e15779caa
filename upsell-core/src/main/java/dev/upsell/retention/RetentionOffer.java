package dev.upsell.retention;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One save offer of a retention flow, shown for the reasons it names.
 *
 * @param id the offer's id, unique among the retention offers (in events and meters)
 * @param kind what it does
 * @param reasons the cancellation reasons it answers; empty for any reason
 * @param cycles for {@link Kind#PAUSE}: how many billing cycles the subscription pauses before it resumes
 * @param days for {@link Kind#EXTEND}: how many days the next billing date moves (free days)
 * @param productId for {@link Kind#DOWNGRADE}: the cheaper plan the subscription moves to at its next billing date
 * @param displayText the words the host shows with it, if any
 */
public record RetentionOffer(String id, Kind kind, Set<String> reasons, int cycles, int days,
		@Nullable String productId, @Nullable String displayText) {

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
		if (kind == Kind.PAUSE && cycles < 1) {
			throw new IllegalArgumentException("Retention offer " + id + " pauses for at least 1 cycle, not " + cycles);
		}
		if (kind == Kind.EXTEND && days < 1) {
			throw new IllegalArgumentException("Retention offer " + id + " extends by at least 1 day, not " + days);
		}
		if (kind == Kind.DOWNGRADE && (productId == null || productId.isBlank())) {
			throw new IllegalArgumentException("Retention offer " + id + " downgrades: it needs the plan's product id");
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
		 * Moves the subscription to a cheaper plan at its next billing date (Dodo's scheduled change: charged nothing
		 * now, the new plan's price from the renewal on).
		 */
		DOWNGRADE,
		/** Nothing on Dodo: the host acts on the saved flow's event (a call, a coupon of its own). */
		CUSTOM

	}

}
