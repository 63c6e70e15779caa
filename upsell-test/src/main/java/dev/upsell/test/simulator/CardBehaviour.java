package dev.upsell.test.simulator;

/** What happens when the simulator charges a saved card. */
public enum CardBehaviour {

	/** The charge succeeds. */
	SUCCEEDS,

	/** The charge fails with {@code CARD_DECLINED}. */
	DECLINES,

	/** The charge fails with {@code INSUFFICIENT_FUNDS}. */
	INSUFFICIENT_FUNDS

}
