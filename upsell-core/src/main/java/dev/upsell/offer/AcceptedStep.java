package dev.upsell.offer;

/**
 * Where an {@link OfferStatus#ACCEPTED accepted} offer stands while its outcome is open. Only accepted offers
 * have a step; every other status has none ({@code null}).
 */
public enum AcceptedStep {

	/** The one charge is being sent; a second accept waits for it. */
	CHARGING("OUTCOME_UNKNOWN"),

	/** Dodo answered with a payment that has not settled yet (e.g. {@code processing}). */
	PAYMENT_PROCESSING("PAYMENT_PROCESSING"),

	/**
	 * The charge call ended without an answer that can be read (timeout, 5xx, unreadable 2xx): it is never sent
	 * again; a webhook or reconciliation settles the offer.
	 */
	OUTCOME_UNKNOWN("OUTCOME_UNKNOWN"),

	/** The bank asks the customer to authenticate (3-D Secure); {@link Offer#checkoutUrl()} is where. */
	ACTION_REQUIRED("ACTION_REQUIRED"),

	/** A plan change offer whose change was sent; {@code subscription.plan_changed} converts it. */
	PLAN_CHANGE_SENT("PLAN_CHANGE_SENT");

	private final String reason;

	AcceptedStep(String reason) {
		this.reason = reason;
	}

	/** The reason an accept result in this step reports (e.g. {@code PAYMENT_PROCESSING}). */
	public String reason() {
		return this.reason;
	}

}
