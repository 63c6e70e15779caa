package dev.upsell.offer;

/**
 * The offer was accepted already (by another click, thread or instance): nothing new was charged. Carries the
 * existing result.
 */
public class OfferAlreadySettledException extends RuntimeException {

	private final transient AcceptResult result;

	/**
	 * Creates the exception.
	 * @param result the result of the earlier acceptance
	 */
	public OfferAlreadySettledException(AcceptResult result) {
		super("Offer " + result.offer().id() + " was already accepted: " + result.outcome());
		this.result = result;
	}

	/** The result of the earlier acceptance. */
	public AcceptResult result() {
		return this.result;
	}

}
