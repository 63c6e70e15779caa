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
 */
public record OfferSettings(Duration ttl, Duration declineSuppression, Duration acceptWait, Duration redirectTtl,
		Duration retention) {
}
