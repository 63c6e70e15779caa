package dev.upsell.retention;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One customer's way out of one subscription: started, a reason given, at most one offer shown, then saved (the offer
 * accepted and executed on Dodo) or cancelled at the end of the period. Immutable; written with
 * {@link RetentionFlowRepository#compareAndSet}, which sets the version.
 *
 * @param id unguessable id ({@code ret_} + 128 random bits)
 * @param customerId the customer; only they can see or act on it
 * @param subscriptionId the subscription being cancelled
 * @param status where the flow is
 * @param reason the customer's reason, once given
 * @param comment the customer's words, if any
 * @param offerId the retention offer shown, if any
 * @param version incremented with every change written
 * @param createdAt when it started
 * @param updatedAt when it last changed
 * @param resumeAt for an accepted pause: when the subscription resumes ({@code null} once resumed)
 * @param nextBillingDate for an accepted extension: the billing date it moves the renewal to
 * @param failureReason why executing the offer failed, or Dodo's code
 * @param kept for a saved flow, once measured ({@link RetentionSettings#saveAfter()} after the save, or after a
 * pause's end; for any other flow with a reason, {@link RetentionSettings#saveAfter()} after its decision): whether
 * the subscription was still there; {@code null} until then
 * @param variant the arm of the retention experiment the customer is in: {@link #HOLDOUT} (shown no offer), the
 * offer's id when offers are split, or {@code null} outside an experiment
 * @param downgradeTo for a downgrade flow: the cheaper plan the customer asked for (what
 * {@link RetentionService#downgrade} makes at the next billing date when they decline); {@code null} for a cancel flow
 */
public record RetentionFlow(String id, String customerId, String subscriptionId, Status status,
		@Nullable String reason, @Nullable String comment, @Nullable String offerId, long version, Instant createdAt,
		Instant updatedAt, @Nullable Instant resumeAt, @Nullable Instant nextBillingDate,
		@Nullable String failureReason, @Nullable Boolean kept, @Nullable String variant,
		@Nullable String downgradeTo) {

	/**
	 * A cancel flow.
	 * @param id the id
	 * @param customerId the customer
	 * @param subscriptionId the subscription
	 * @param status the status
	 * @param reason the reason
	 * @param comment the comment
	 * @param offerId the offer
	 * @param version the version
	 * @param createdAt when it started
	 * @param updatedAt when it last changed
	 * @param resumeAt when a pause ends
	 * @param nextBillingDate an extension's billing date
	 * @param failureReason why it failed
	 * @param kept whether it was kept, once measured
	 * @param variant the experiment's arm
	 */
	public RetentionFlow(String id, String customerId, String subscriptionId, Status status, @Nullable String reason,
			@Nullable String comment, @Nullable String offerId, long version, Instant createdAt, Instant updatedAt,
			@Nullable Instant resumeAt, @Nullable Instant nextBillingDate, @Nullable String failureReason,
			@Nullable Boolean kept, @Nullable String variant) {
		this(id, customerId, subscriptionId, status, reason, comment, offerId, version, createdAt, updatedAt, resumeAt,
				nextBillingDate, failureReason, kept, variant, null);
	}

	/**
	 * Whether the customer came to downgrade rather than cancel.
	 * @return {@code true} for a downgrade flow
	 */
	public boolean isDowngrade() {
		return this.downgradeTo != null;
	}

	/** The variant of customers held out of the offers: they see the reason and the cancellation only. */
	public static final String HOLDOUT = "holdout";

	/**
	 * A flow outside an experiment.
	 * @param id the id
	 * @param customerId the customer
	 * @param subscriptionId the subscription
	 * @param status the status
	 * @param reason the reason
	 * @param comment the comment
	 * @param offerId the offer
	 * @param version the version
	 * @param createdAt when it started
	 * @param updatedAt when it last changed
	 * @param resumeAt when a pause ends
	 * @param nextBillingDate an extension's billing date
	 * @param failureReason why it failed
	 * @param kept whether it was kept, once measured
	 */
	public RetentionFlow(String id, String customerId, String subscriptionId, Status status, @Nullable String reason,
			@Nullable String comment, @Nullable String offerId, long version, Instant createdAt, Instant updatedAt,
			@Nullable Instant resumeAt, @Nullable Instant nextBillingDate, @Nullable String failureReason,
			@Nullable Boolean kept) {
		this(id, customerId, subscriptionId, status, reason, comment, offerId, version, createdAt, updatedAt, resumeAt,
				nextBillingDate, failureReason, kept, null, null);
	}

	/**
	 * A flow not measured yet.
	 * @param id the id
	 * @param customerId the customer
	 * @param subscriptionId the subscription
	 * @param status the status
	 * @param reason the reason
	 * @param comment the comment
	 * @param offerId the offer
	 * @param version the version
	 * @param createdAt when it started
	 * @param updatedAt when it last changed
	 * @param resumeAt when a pause ends
	 * @param nextBillingDate an extension's billing date
	 * @param failureReason why it failed
	 */
	public RetentionFlow(String id, String customerId, String subscriptionId, Status status, @Nullable String reason,
			@Nullable String comment, @Nullable String offerId, long version, Instant createdAt, Instant updatedAt,
			@Nullable Instant resumeAt, @Nullable Instant nextBillingDate, @Nullable String failureReason) {
		this(id, customerId, subscriptionId, status, reason, comment, offerId, version, createdAt, updatedAt, resumeAt,
				nextBillingDate, failureReason, null, null, null);
	}

	/**
	 * The key at most one open flow holds: its subscription, while the flow is open; {@code null} once decided.
	 * Stores enforce it unique, so one subscription has one open flow whichever instance started it.
	 * @return the key, or {@code null}
	 */
	public @Nullable String openSlot() {
		return this.status.isOpen() ? this.subscriptionId : null;
	}

	/**
	 * This flow in another status.
	 * @param next the status
	 * @param now the time of the change
	 * @return the changed flow
	 * @throws IllegalStateException when the flow cannot move there
	 */
	public RetentionFlow moveTo(Status next, Instant now) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalStateException("Retention flow " + this.id + " cannot move from " + this.status + " to " + next);
		}
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId, next, this.reason, this.comment,
				this.offerId, this.version, this.createdAt, now, this.resumeAt, this.nextBillingDate, this.failureReason,
				this.kept, this.variant, this.downgradeTo);
	}

	/**
	 * This flow with the customer's reason and the offer chosen for it.
	 * @param reason the reason
	 * @param comment the customer's words
	 * @param offerId the offer shown, or {@code null} for none
	 * @param now the time of the change
	 * @return the changed flow
	 */
	public RetentionFlow withReason(String reason, @Nullable String comment, @Nullable String offerId, Instant now) {
		return withReason(reason, comment, offerId, this.variant, now);
	}

	/**
	 * This flow with the customer's reason, the offer chosen for it and the experiment's arm.
	 * @param reason the reason
	 * @param comment the customer's words
	 * @param offerId the offer shown, or {@code null} for none
	 * @param variant the arm ({@link #HOLDOUT}, the offer's id) or {@code null} outside an experiment
	 * @param now the time of the change
	 * @return the changed flow
	 */
	public RetentionFlow withReason(String reason, @Nullable String comment, @Nullable String offerId,
			@Nullable String variant, Instant now) {
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId,
				(offerId != null) ? Status.OFFERED : Status.REASON_GIVEN, reason, comment, offerId, this.version,
				this.createdAt, now, this.resumeAt, this.nextBillingDate, this.failureReason, this.kept, variant, this.downgradeTo);
	}

	/**
	 * This flow with what executing its offer aims at, or why it failed.
	 * @param resumeAt when a pause ends, if any
	 * @param nextBillingDate the billing date an extension moves to, if any
	 * @param failureReason why executing failed, if it did
	 * @return the changed flow
	 */
	public RetentionFlow withOutcome(@Nullable Instant resumeAt, @Nullable Instant nextBillingDate,
			@Nullable String failureReason) {
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId, this.status, this.reason, this.comment,
				this.offerId, this.version, this.createdAt, this.updatedAt, resumeAt, nextBillingDate, failureReason,
				this.kept, this.variant, this.downgradeTo);
	}

	/**
	 * This saved flow after its pause ended: the subscription resumed; the save is measured from now.
	 * @param now the time of the resume
	 * @return the changed flow
	 */
	public RetentionFlow resumed(Instant now) {
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId, this.status, this.reason, this.comment,
				this.offerId, this.version, this.createdAt, now, null, this.nextBillingDate, this.failureReason,
				this.kept, this.variant, this.downgradeTo);
	}

	/**
	 * This flow, measured: whether the subscription was still there when it was measured.
	 * @param kept whether it was
	 * @param now the time of the measure
	 * @return the changed flow
	 */
	public RetentionFlow measured(boolean kept, Instant now) {
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId, this.status, this.reason, this.comment,
				this.offerId, this.version, this.createdAt, now, this.resumeAt, this.nextBillingDate, this.failureReason,
				kept, this.variant, this.downgradeTo);
	}

	/**
	 * This flow at a version: for repositories, which own it.
	 * @param version the version stored
	 * @return the flow at that version
	 */
	public RetentionFlow withVersion(long version) {
		return new RetentionFlow(this.id, this.customerId, this.subscriptionId, this.status, this.reason, this.comment,
				this.offerId, version, this.createdAt, this.updatedAt, this.resumeAt, this.nextBillingDate,
				this.failureReason, this.kept, this.variant, this.downgradeTo);
	}

	/**
	 * Where a retention flow is:
	 * <pre>
	 * STARTED ─► REASON_GIVEN (no offer) ─► CANCELLED | DOWNGRADED
	 * STARTED ─► OFFERED ─► EXECUTING ─► SAVED | OUTCOME_UNKNOWN | FAILED
	 * OFFERED | FAILED ─► CANCELLED | DOWNGRADED    OUTCOME_UNKNOWN ─► SAVED | FAILED
	 * STARTED | REASON_GIVEN | OFFERED ─► EXPIRED (no decision within the flow's time)
	 * </pre>
	 */
	public enum Status {

		/** Started; no reason yet. Cancelling is one click away. */
		STARTED,
		/** A reason given and no offer answers it (or offers are off, or a guard held): cancel or leave. */
		REASON_GIVEN,
		/** A reason given and an offer shown. */
		OFFERED,
		/** The offer accepted; it is being executed on Dodo, once. */
		EXECUTING,
		/** Executing it ended without an answer that can be read: never sent again, read back from Dodo later. */
		OUTCOME_UNKNOWN,
		/** The offer executed: the customer stays. */
		SAVED,
		/** Dodo refused the offer's change; the customer can still cancel. */
		FAILED,
		/** Cancelled at the end of the period. Final. */
		CANCELLED,
		/** A downgrade flow the customer went through with: the cheaper plan from the next billing date. Final. */
		DOWNGRADED,
		/** Left without a decision. Final. */
		EXPIRED;

		private static final Set<Status> OPEN = EnumSet.of(STARTED, REASON_GIVEN, OFFERED, EXECUTING, OUTCOME_UNKNOWN);

		/**
		 * Whether this status may change to {@code next}.
		 * @param next the new status
		 * @return whether the transition is allowed
		 */
		public boolean canMoveTo(Status next) {
			return switch (this) {
				case STARTED -> next == REASON_GIVEN || next == OFFERED || next == CANCELLED || next == DOWNGRADED
						|| next == EXPIRED;
				case REASON_GIVEN -> next == CANCELLED || next == DOWNGRADED || next == EXPIRED;
				case OFFERED -> next == EXECUTING || next == CANCELLED || next == DOWNGRADED || next == EXPIRED;
				case EXECUTING -> next == SAVED || next == OUTCOME_UNKNOWN || next == FAILED;
				case OUTCOME_UNKNOWN -> next == SAVED || next == FAILED;
				case FAILED -> next == CANCELLED || next == DOWNGRADED;
				case SAVED, CANCELLED, DOWNGRADED, EXPIRED -> false;
			};
		}

		/** Whether the flow is still in play (its subscription has no other open flow). */
		public boolean isOpen() {
			return OPEN.contains(this);
		}

	}

}
