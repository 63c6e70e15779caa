package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The deliveries still owed to the host ({@link FulfilmentDelivery}): written with the state change that
 * caused them, removed once a delivery went through. Implementations shared by several instances must claim
 * atomically, so one instance delivers each record at a time.
 */
public interface FulfilmentOutbox {

	/**
	 * Records deliveries; one whose id is recorded already is left as it is.
	 * @param deliveries the deliveries
	 */
	void add(List<FulfilmentDelivery> deliveries);

	/**
	 * Claims deliveries that are due and not given up, earliest first, moving each one's next attempt to the
	 * end of the lease.
	 * @param now the time
	 * @param lease how long the claim keeps other instances off
	 * @param limit most to claim
	 * @return the deliveries claimed
	 */
	List<FulfilmentDelivery> claimDue(Instant now, Duration lease, int limit);

	/**
	 * Removes a delivery that went through.
	 * @param id the delivery
	 */
	void delivered(String id);

	/**
	 * Records a failed attempt.
	 * @param delivery the delivery after it ({@link FulfilmentDelivery#failedAttempt})
	 */
	void failed(FulfilmentDelivery delivery);

	/**
	 * The deliveries still owed, given up first, then the oldest: what is stuck and why.
	 * @param limit most to list
	 * @return the deliveries
	 */
	List<FulfilmentDelivery> undelivered(int limit);

	/**
	 * How many deliveries are owed.
	 * @return pending (still retried) and given up
	 */
	Counts counts();

	/**
	 * Deliveries owed.
	 *
	 * @param pending still being retried
	 * @param gaveUp retries stopped: a person must look
	 */
	record Counts(long pending, long gaveUp) {
	}

}
