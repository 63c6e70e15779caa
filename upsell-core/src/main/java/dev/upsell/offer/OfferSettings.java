package dev.upsell.offer;

import java.time.Duration;

/**
 * How {@link OfferService} treats offers.
 *
 * @param ttl how long a presented offer can be accepted
 * @param declineSuppression how long a declined offer is not presented again to the same customer
 * @param acceptWait how long a second, concurrent accept of the same offer waits for the first one's outcome
 * @param redirectTtl how long a fallback checkout link is kept open for a late payment
 * @param retention how long settled offers are kept before housekeeping deletes them
 * @param skipOwned whether to skip an offer for a product the customer already bought through an offer (or
 * owns per the host's {@link OwnedProducts})
 */
public record OfferSettings(Duration ttl, Duration declineSuppression, Duration acceptWait, Duration redirectTtl,
		Duration retention, boolean skipOwned) {

	/**
	 * Settings that skip owned products.
	 * @param ttl how long a presented offer can be accepted
	 * @param declineSuppression how long a declined offer is not presented again
	 * @param acceptWait how long a concurrent accept waits for the first one's outcome
	 * @param redirectTtl how long a fallback checkout link is kept open
	 * @param retention how long settled offers are kept
	 */
	public OfferSettings(Duration ttl, Duration declineSuppression, Duration acceptWait, Duration redirectTtl,
			Duration retention) {
		this(ttl, declineSuppression, acceptWait, redirectTtl, retention, true);
	}

}
