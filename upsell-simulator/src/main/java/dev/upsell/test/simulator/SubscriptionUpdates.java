package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.upsell.test.simulator.StateModel.Subscription;

/**
 * {@code PATCH /subscriptions/{id}} on the simulator: pause and resume, cancel now or at the end of the period (and
 * take that back), move the next billing date, with the customer's churn reason. Every method holds the
 * {@link SimulatorState} lock.
 * <p>
 * Sources: reference "Subscription update" (status paused/active, {@code cancel_at_next_billing_date},
 * {@code next_billing_date}, {@code cancellation_feedback}, {@code cancellation_comment}; events
 * {@code subscription.paused}, {@code subscription.cancelled}, {@code subscription.active}); SDK 2.52
 * {@code SubscriptionUpdateParams} ("Send {@code paused} or {@code active} alone. A request that combines either
 * with any other field fails with 422"; {@code pause} "always fails with 422"; feedback and comment "only valid when
 * cancelling or scheduling cancellation"), {@code CancellationFeedback}, {@code SubscriptionUnpausedWebhookEvent}.
 * Guesses are marked where they are made.
 */
final class SubscriptionUpdates {

	/** SDK 2.52 {@code CancellationFeedback}. */
	static final Set<String> FEEDBACK = Set.of("too_expensive", "missing_features", "switched_service", "unused",
			"customer_service", "low_quality", "too_complex", "other");

	private static final Set<String> CANCEL_REASONS = Set.of("cancelled_by_customer", "cancelled_by_merchant",
			"cancelled_by_merchant_send_dunning", "cancelled_by_merchant_grace_period_expired", "dodo_team");

	private final SimulatorState state;

	private final SubscriptionDesk desk;

	SubscriptionUpdates(SimulatorState state, SubscriptionDesk desk) {
		this.state = state;
		this.desk = desk;
	}

	/** {@code PATCH /subscriptions/{id}}: the subscription after the update. */
	Map<String, Object> update(String subscriptionId, JsonNode body) {
		synchronized (this.state) {
			Subscription subscription = this.desk.subscriptionOr404(subscriptionId);
			if (body.has("pause")) {
				throw ApiError.invalid("INVALID_REQUEST", "pause is removed: send status paused or active");
			}
			String status = text(body, "status");
			if ("paused".equals(status) || "active".equals(status)) {
				if (otherFieldsThan(body, "status")) {
					throw ApiError.invalid("INVALID_REQUEST", "status " + status + " must be sent alone");
				}
				return "paused".equals(status) ? pause(subscription) : resume(subscription);
			}
			if (status != null && !"cancelled".equals(status)) {
				throw ApiError.invalid("INVALID_REQUEST", "status can be paused, active or cancelled, not " + status);
			}
			boolean cancelling = "cancelled".equals(status) || (body.has("cancel_at_next_billing_date")
					&& body.get("cancel_at_next_billing_date").asBoolean(false));
			String feedback = text(body, "cancellation_feedback");
			String comment = text(body, "cancellation_comment");
			if ((feedback != null || comment != null || text(body, "cancel_reason") != null) && !cancelling) {
				throw ApiError.invalid("INVALID_REQUEST",
						"cancellation_feedback and cancellation_comment are only valid when cancelling");
			}
			if (feedback != null && !FEEDBACK.contains(feedback)) {
				throw ApiError.invalid("INVALID_REQUEST", "cancellation_feedback must be one of " + FEEDBACK);
			}
			String reason = text(body, "cancel_reason");
			if (reason != null && !CANCEL_REASONS.contains(reason)) {
				throw ApiError.invalid("INVALID_REQUEST", "cancel_reason must be one of " + CANCEL_REASONS);
			}
			requireNotEnded(subscription);
			Instant nextBilling = nextBillingDate(body, subscription);
			if (cancelling) {
				subscription.cancellationFeedback = feedback;
				subscription.cancellationComment = comment;
			}
			if ("cancelled".equals(status)) {
				this.desk.cancel(subscriptionId);
				return this.desk.json(subscription);
			}
			boolean changed = false;
			if (body.has("cancel_at_next_billing_date") && !body.get("cancel_at_next_billing_date").isNull()) {
				boolean cancelAtEnd = body.get("cancel_at_next_billing_date").asBoolean(false);
				changed |= cancelAtEnd != subscription.cancelAtNextBillingDate;
				subscription.cancelAtNextBillingDate = cancelAtEnd;
				if (!cancelAtEnd) {
					// taking the cancellation back takes its reason with it (guess)
					subscription.cancellationFeedback = null;
					subscription.cancellationComment = null;
				}
			}
			if (nextBilling != null) {
				changed |= !nextBilling.equals(subscription.nextBilling);
				subscription.nextBilling = nextBilling;
			}
			if (changed) {
				// Guess: any other change is told as subscription.updated (SDK 2.52 has the event; when it fires is not said)
				this.desk.sendEvent("subscription.updated", subscriptionId);
			}
			return this.desk.json(subscription);
		}
	}

	private Map<String, Object> pause(Subscription subscription) {
		if (!subscription.status.equals("active")) {
			// Guess: the code; the SDK says only that an active subscription can be paused
			throw ApiError.invalid("INVALID_REQUEST",
					"Only an active subscription can be paused; " + subscription.id + " is " + subscription.status);
		}
		subscription.status = "paused";
		this.desk.sendEvent("subscription.paused", subscription.id);
		return this.desk.json(subscription);
	}

	private Map<String, Object> resume(Subscription subscription) {
		if (!subscription.status.equals("paused")) {
			throw ApiError.invalid("INVALID_REQUEST",
					"Only a paused subscription can be resumed; " + subscription.id + " is " + subscription.status);
		}
		subscription.status = "active";
		Instant now = this.state.clock.instant();
		if (!subscription.nextBilling.isAfter(now)) {
			// Guess: a pause that outlived the period starts a new one at the resume (renewed at once, as due)
			subscription.nextBilling = now;
		}
		// SDK 2.52: SubscriptionUnpausedWebhookEvent; the reference names subscription.active for the same (guess: both)
		this.desk.sendEvent("subscription.unpaused", subscription.id);
		this.desk.sendEvent("subscription.active", subscription.id);
		this.desk.renewIfDue(subscription, now);
		return this.desk.json(subscription);
	}

	private Instant nextBillingDate(JsonNode body, Subscription subscription) {
		String text = text(body, "next_billing_date");
		if (text == null) {
			return null;
		}
		Instant next;
		try {
			next = Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw ApiError.invalid("INVALID_REQUEST", "next_billing_date must be an RFC 3339 date-time");
		}
		// Guess: a next billing date must lie ahead (a date in the past would bill at once)
		if (!next.isAfter(this.state.clock.instant().plus(Duration.ofMinutes(1)))) {
			throw ApiError.invalid("INVALID_REQUEST", "next_billing_date must be in the future");
		}
		if (!subscription.status.equals("active")) {
			throw ApiError.invalid("INVALID_REQUEST", "next_billing_date can be moved on an active subscription only");
		}
		return next;
	}

	private static void requireNotEnded(Subscription subscription) {
		if (subscription.status.equals("cancelled") || subscription.status.equals("expired")) {
			throw ApiError.invalid("INVALID_REQUEST", "Subscription " + subscription.id + " is " + subscription.status);
		}
	}

	private static boolean otherFieldsThan(JsonNode body, String field) {
		for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!name.equals(field) && !body.get(name).isNull()) {
				return true;
			}
		}
		return false;
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}
