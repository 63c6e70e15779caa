package dev.upsell.offer;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an offer is in its life:
 * <pre>
 * PRESENTED ─► ACCEPTED (charging) ─► CONVERTED | FAILED | REDIRECTED
 * PRESENTED ─► DECLINED | EXPIRED | REDIRECTED
 * REDIRECTED ─► CONVERTED   (the customer paid on the fallback checkout link) | EXPIRED (the link ran out)
 * FAILED ─► CONVERTED       (money arrived after all, e.g. a late success for a retried payment)
 * </pre>
 * Nothing moves backwards: a converted offer stays converted whatever arrives later.
 */
public enum OfferStatus {

	/** Shown to the customer; can be accepted or declined until it expires. */
	PRESENTED,

	/** Accepted; the charge is under way or its outcome is not known yet. */
	ACCEPTED,

	/** Paid. Final. */
	CONVERTED,

	/** The charge failed and no fallback applies. */
	FAILED,

	/** Declined by the customer. Final. */
	DECLINED,

	/** Not acted on in time. Final. */
	EXPIRED,

	/** Handed a normal checkout link instead of a one-click charge; may still convert. */
	REDIRECTED;

	private static final Set<OfferStatus> OPEN = EnumSet.of(PRESENTED, ACCEPTED, REDIRECTED);

	/**
	 * Whether this status may change to {@code next}.
	 * @param next the new status
	 * @return whether the transition is allowed
	 */
	public boolean canMoveTo(OfferStatus next) {
		return switch (this) {
			case PRESENTED -> next == ACCEPTED || next == DECLINED || next == EXPIRED || next == REDIRECTED;
			case ACCEPTED -> next == CONVERTED || next == FAILED || next == REDIRECTED;
			case REDIRECTED -> next == CONVERTED || next == EXPIRED;
			// a declined one-click charge can still hand out its checkout link, whichever of the webhook and
			// the accept call saw the decline first
			case FAILED -> next == CONVERTED || next == REDIRECTED;
			// a payment Dodo took for it anyway (a fallback link paid after the offer expired): the customer paid
			case DECLINED, EXPIRED -> next == CONVERTED;
			case CONVERTED -> false;
		};
	}

	/** Whether the offer is still in play (presented, being charged, or redirected). */
	public boolean isOpen() {
		return OPEN.contains(this);
	}

	/** The lower-case form used in metric tags, e.g. {@code converted}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
