package dev.upsell.offer;

/**
 * The offer store could not be read or written (e.g. the database is down). Nothing was lost: a write that
 * failed did not happen, and an offer whose charge was sent stays {@code ACCEPTED} until reconciliation
 * settles it. Try again once the store is back (HTTP 503).
 */
public class OfferStoreException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause the store's error
	 */
	public OfferStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
