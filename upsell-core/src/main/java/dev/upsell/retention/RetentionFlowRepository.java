package dev.upsell.retention;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where retention flows live. Implementations are safe for concurrent use, and for many instances when the store is
 * shared: at most one open flow per subscription ({@link RetentionFlow#openSlot()} unique), and every change a
 * compare-and-set on the version.
 */
public interface RetentionFlowRepository {

	/**
	 * Stores a new flow.
	 * @param flow the flow, at version 0
	 * @throws OpenFlowExistsException when its subscription has an open flow already
	 */
	void insert(RetentionFlow flow);

	/**
	 * A flow by id.
	 * @param id the flow id
	 * @return the flow, if stored
	 */
	Optional<RetentionFlow> findById(String id);

	/**
	 * The open flow of a subscription.
	 * @param subscriptionId the subscription
	 * @return its open flow, if any
	 */
	Optional<RetentionFlow> findOpen(String subscriptionId);

	/**
	 * A customer's flows, newest first.
	 * @param customerId the customer
	 * @return the flows
	 */
	List<RetentionFlow> findByCustomer(String customerId);

	/**
	 * Writes {@code updated} if the stored flow is still {@code expected} (same version), at the next version.
	 * @param expected the flow as read
	 * @param updated the changed flow
	 * @return the flow as written, or empty when another writer changed it first
	 */
	Optional<RetentionFlow> compareAndSet(RetentionFlow expected, RetentionFlow updated);

	/**
	 * The flows whose pause has run out: saved by a pause whose {@code resumeAt} has come, not yet resumed.
	 * @param now the time
	 * @param limit at most this many
	 * @return the flows
	 */
	List<RetentionFlow> findPausesDue(Instant now, int limit);

	/**
	 * Open flows not changed since a time: left without a decision, or whose execution never ended.
	 * @param updatedBefore changed last before this
	 * @param limit at most this many
	 * @return the flows, oldest first
	 */
	List<RetentionFlow> findStale(Instant updatedBefore, int limit);

	/**
	 * Flows due for their measure: decided ({@code SAVED}, {@code CANCELLED}, {@code DOWNGRADED}, {@code FAILED},
	 * {@code EXPIRED}) after
	 * the customer gave a reason, not measured yet, no pause running, unchanged since a time.
	 * @param updatedBefore changed last before this (the decision, or the pause's end)
	 * @param limit at most this many
	 * @return the flows, oldest first
	 */
	List<RetentionFlow> findFlowsToMeasure(Instant updatedBefore, int limit);

	/**
	 * The flows started since a time in which the customer gave a reason, counted per arm: the experiment's
	 * variant where there is one, else the offer shown, else {@code none}. Every instance reads the same numbers.
	 * @param since started at or after this
	 * @return one tally per arm
	 */
	List<Tally> tally(Instant since);

	/**
	 * The flows of one arm.
	 *
	 * @param arm {@link RetentionFlow#HOLDOUT}, an offer's id, or {@code none}
	 * @param flows flows with a reason
	 * @param saved flows whose offer was accepted and executed
	 * @param measured flows measured {@link RetentionSettings#saveAfter()} after their decision
	 * @param kept of those, subscriptions still there
	 */
	record Tally(String arm, long flows, long saved, long measured, long kept) {
	}

	/** Thrown by {@link #insert} when the subscription has an open flow already. */
	final class OpenFlowExistsException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * Creates the exception.
		 * @param subscriptionId the subscription
		 */
		public OpenFlowExistsException(String subscriptionId) {
			super("Subscription " + subscriptionId + " has an open retention flow");
		}

	}

}
