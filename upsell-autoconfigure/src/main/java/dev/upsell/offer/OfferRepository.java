package dev.upsell.offer;

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
	 * status and version. One of any number of concurrent callers with the same {@code expected} wins.
	 * @param expected the version read
	 * @param updated the new version ({@code expected.version() + 1})
	 * @return whether this caller won
	 */
	boolean compareAndSet(Offer expected, Offer updated);

	/**
	 * Offers in a status that last changed before a time, oldest first (reconciliation, expiry).
	 * @param status the status
	 * @param updatedBefore upper bound of {@code updatedAt}, exclusive
	 * @param limit most to return
	 * @return the offers
	 */
	List<Offer> findByStatus(OfferStatus status, Instant updatedBefore, int limit);

	/**
	 * Deletes offers that are no longer open and last changed before a time.
	 * @param updatedBefore upper bound of {@code updatedAt}, exclusive
	 * @param limit most to delete in one call
	 * @return how many were deleted
	 */
	int purgeClosed(Instant updatedBefore, int limit);

}
