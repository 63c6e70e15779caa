package dev.upsell.test.simulator;

/** What happens when the simulator charges a saved card. */
public enum CardBehaviour {

	/** The charge succeeds at once. */
	SUCCEEDS,

	/** The charge fails at once with {@code CARD_DECLINED}. */
	DECLINES,

	/** The charge fails at once with {@code INSUFFICIENT_FUNDS}. */
	INSUFFICIENT_FUNDS,

	/**
	 * 3-D Secure: the charge stays {@code requires_customer_action} (SDK {@code IntentStatus}) until the customer
	 * authenticates in the stand-in for Dodo's checkout SDK ({@code /sdk/{client_secret}}), which succeeds it; cancelling
	 * there ends it {@code cancelled}, and nobody acting within {@link SimulatorModes#authenticationTimeout()}
	 * ends it {@code failed} with {@code AUTHENTICATION_REQUIRED}.
	 */
	REQUIRES_AUTHENTICATION,

	/**
	 * Late settlement: the charge is {@code processing} ({@code payment.processing}), then succeeds after
	 * {@link SimulatorModes#settlementDelay()}.
	 */
	SETTLES_LATER,

	/**
	 * Late settlement: the charge is {@code processing} ({@code payment.processing}), then fails with
	 * {@code CARD_DECLINED} after {@link SimulatorModes#settlementDelay()}.
	 */
	DECLINES_LATER

}
