package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where offers live. Implementations must make {@link #compareAndSet} atomic across every thread and every
 * application instance that shares the store: it is what guarantees one charge per offer.
 */
public interface OfferRepository {

	/**
	 * Stores a new offer, atomically refusing a second open offer of the same customer and rule
	 * ({@link Offer#openSlot()}), whichever instance stores it.
	 * @param offer the offer, version 0
	 * @throws OpenOfferExistsException when the customer has an open offer of this rule
	 * @throws IllegalStateException when an offer with this id exists
	 */
	void insert(Offer offer);

	/**
	 * Finds an offer.
	 * @param id the offer id
	 * @return the offer, if it exists
	 */
	Optional<Offer> findById(String id);

	/**
	 * A customer's offers, newest first.
	 * @param customerId the customer
	 * @return the offers
	 */
	List<Offer> findByCustomer(String customerId);

	/**
	 * The offer charged by a payment (to attach refunds).
	 * @param paymentId the Dodo payment id
	 * @return the offer, if one has this payment
	 */
	Optional<Offer> findByPaymentId(String paymentId);

	/**
	 * Replaces {@code expected} with {@code updated} if, and only if, the stored offer still has the expected
	 * status and version, and stores it as version {@code expected.version() + 1}: the repository owns the
	 * version, whatever {@code updated} carries. One of any number of concurrent callers with the same
	 * {@code expected} wins.
	 * @param expected the offer as read
	 * @param updated the changed offer
	 * @return the offer as written (with its new version) if this caller won, else empty
	 */
	Optional<Offer> compareAndSet(Offer expected, Offer updated);

	/**
	 * {@link #compareAndSet(Offer, Offer)} that also records what the host must be told of the change, in one
	 * transaction where the store can (the JDBC store, with the JDBC outbox on the same database). The default
	 * writes the offer, then the deliveries: a JVM that stops between the two loses them.
	 * @param expected the offer as read
	 * @param updated the changed offer
	 * @param deliveries what the host must be told if the change is written
	 * @param outbox where deliveries are recorded
	 * @return the offer as written (with its new version) if this caller won, else empty
	 */
	default Optional<Offer> compareAndSet(Offer expected, Offer updated, List<FulfilmentDelivery> deliveries,
			FulfilmentOutbox outbox) {
		Optional<Offer> written = compareAndSet(expected, updated);
		if (written.isPresent() && !deliveries.isEmpty()) {
			outbox.add(deliveries);
		}
		return written;
	}

	/**
	 * Offers in a status that last changed before a time, oldest first (reconciliation, expiry).
	 * @param status the status
	 * @param updatedBefore upper bound of {@code updatedAt}, exclusive
	 * @param limit most to return
	 * @return the offers
	 */
	List<Offer> findByStatus(OfferStatus status, Instant updatedBefore, int limit);

	/**
	 * Claims accepted offers for one reconciliation run: accepted offers last changed before a time whose next
	 * check is due, earliest due first (an offer never looked at is due from its acceptance), none that another
	 * instance claimed within {@code lease}. The claim itself moves the next check to {@code now + lease}, so each
	 * offer is looked up at Dodo by one instance per lease, and offers behind many others still get their turn.
	 * A store shared by several application instances must claim atomically. The default, for stores of one
	 * instance without next checks, claims every candidate.
	 * @param updatedBefore upper bound of {@code updatedAt}, exclusive
	 * @param now the time of the claim
	 * @param lease how long the claim keeps other instances off
	 * @param limit most to return
	 * @return the offers this caller claimed
	 */
	default List<Offer> claimForReconciliation(Instant updatedBefore, Instant now, Duration lease, int limit) {
		return findByStatus(OfferStatus.ACCEPTED, updatedBefore, limit);
	}

	/**
	 * When an accepted offer that reconciliation looked at is next due (backoff, a billing date); a claim not
	 * looked at is handed back with {@code now}. An offer no longer accepted is left as it is. The default does
	 * nothing: every run looks at every candidate.
	 * @param offerId the offer
	 * @param at when it is next due
	 */
	default void scheduleNextCheck(String offerId, Instant at) {
	}

	/**
	 * Deletes offers that are no longer open and last changed before a time.
	 * @param updatedBefore upper bound of {@code updatedAt}, exclusive
	 * @param limit most to delete in one call
	 * @return how many were deleted
	 */
	int purgeClosed(Instant updatedBefore, int limit);

}
