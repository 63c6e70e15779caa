package dev.upsell.dodo;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /subscriptions/{id}} (SDK 2.52 {@code SubscriptionUpdateParams}), for the changes a
 * retention flow makes: pause, resume, cancel at the end of the period (or take that back), move the next billing
 * date. {@code null} fields are not sent. Dodo refuses {@code paused} or {@code active} sent with any other field
 * (422): the factories below build each change alone.
 *
 * @param status {@code paused}, {@code active} or {@code cancelled}, if the status changes
 * @param cancelAtNextBillingDate whether the subscription ends at its next billing date instead of renewing
 * @param nextBillingDate the next renewal's new date
 * @param cancellationFeedback the customer's reason, with a cancellation only
 * @param cancellationComment the customer's words, with a cancellation only
 */
public record SubscriptionUpdate(@Nullable Status status, @Nullable Boolean cancelAtNextBillingDate,
		@Nullable Instant nextBillingDate, @Nullable CancellationFeedback cancellationFeedback,
		@Nullable String cancellationComment) {

	/**
	 * Pauses an active subscription: no renewal until it is resumed.
	 * @return the update
	 */
	public static SubscriptionUpdate pause() {
		return new SubscriptionUpdate(Status.PAUSED, null, null, null, null);
	}

	/**
	 * Resumes a paused subscription.
	 * @return the update
	 */
	public static SubscriptionUpdate resume() {
		return new SubscriptionUpdate(Status.ACTIVE, null, null, null, null);
	}

	/**
	 * Ends the subscription at its next billing date instead of renewing it.
	 * @param feedback the customer's reason, if given
	 * @param comment the customer's words, if given
	 * @return the update
	 */
	public static SubscriptionUpdate cancelAtPeriodEnd(@Nullable CancellationFeedback feedback,
			@Nullable String comment) {
		return new SubscriptionUpdate(null, Boolean.TRUE, null, feedback, comment);
	}

	/**
	 * Takes a cancellation at the period's end back: the subscription renews.
	 * @return the update
	 */
	public static SubscriptionUpdate keep() {
		return new SubscriptionUpdate(null, Boolean.FALSE, null, null, null);
	}

	/**
	 * Moves the next renewal (an extension of the current period).
	 * @param nextBillingDate the new date; Dodo bills then
	 * @return the update
	 */
	public static SubscriptionUpdate nextBillingDate(Instant nextBillingDate) {
		return new SubscriptionUpdate(null, null, nextBillingDate, null, null);
	}

	/** The statuses an update may set. */
	public enum Status {

		/** Resume a paused subscription. */
		@JsonProperty("active") ACTIVE,
		/** Pause an active subscription. */
		@JsonProperty("paused") PAUSED,
		/** Cancel now. */
		@JsonProperty("cancelled") CANCELLED

	}

	/** Why a customer cancels: Dodo's {@code CancellationFeedback} (SDK 2.52). */
	public enum CancellationFeedback {

		/** Too expensive. */
		@JsonProperty("too_expensive") TOO_EXPENSIVE,
		/** Missing features. */
		@JsonProperty("missing_features") MISSING_FEATURES,
		/** Switched to another service. */
		@JsonProperty("switched_service") SWITCHED_SERVICE,
		/** Not used. */
		@JsonProperty("unused") UNUSED,
		/** Customer service. */
		@JsonProperty("customer_service") CUSTOMER_SERVICE,
		/** Low quality. */
		@JsonProperty("low_quality") LOW_QUALITY,
		/** Too complex. */
		@JsonProperty("too_complex") TOO_COMPLEX,
		/** Another reason. */
		@JsonProperty("other") OTHER

	}

}
