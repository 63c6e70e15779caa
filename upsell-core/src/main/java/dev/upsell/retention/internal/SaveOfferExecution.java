package dev.upsell.retention.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionOffer;

/**
 * Executes an accepted save offer on Dodo, once, and settles a flow whose execution ended without an answer by
 * reading the subscription back. Each of Dodo's changes is aimed at a state (paused; a billing date; a plan scheduled), so a
 * settlement that finds the subscription short of it may send the same change again without doing it twice (a
 * downgrade is a scheduled plan change: Dodo refuses a second one while the first is scheduled).
 */
public final class SaveOfferExecution {

	private static final Log logger = LogFactory.getLog(SaveOfferExecution.class);

	private final DodoClient dodo;

	private final RetentionWrites writes;

	/**
	 * Creates the execution.
	 * @param dodo Dodo
	 * @param writes writes the flows
	 */
	public SaveOfferExecution(DodoClient dodo, RetentionWrites writes) {
		this.dodo = dodo;
		this.writes = writes;
	}

	/**
	 * Executes the offer of a flow this caller moved to {@code EXECUTING}.
	 * @param executing the flow, as written
	 * @param offer its offer
	 * @return the flow afterwards: saved, failed (Dodo refused), or with an unknown outcome
	 */
	public RetentionFlow execute(RetentionFlow executing, RetentionOffer offer) {
		RetentionFlow aimed;
		try {
			aimed = aim(executing, offer);
		}
		catch (DodoApiException ex) {
			// nothing was sent: the subscription could not be read
			return failed(executing, ex);
		}
		try {
			send(aimed, offer);
		}
		catch (DodoApiException ex) {
			return ended(aimed, ex);
		}
		return this.writes.apply(aimed, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
				? current.moveTo(RetentionFlow.Status.SAVED, this.writes.now()) : null);
	}

	/**
	 * Settles a flow whose execution had no answer: reads the subscription and, short of the offer's aim, sends the
	 * same change again (it is aimed at a state, so it cannot happen twice).
	 * @param unknown the flow, {@code OUTCOME_UNKNOWN}
	 * @param offer its offer
	 * @return the flow afterwards
	 */
	public RetentionFlow settle(RetentionFlow unknown, RetentionOffer offer) {
		try {
			Subscription subscription = this.dodo.getSubscription(unknown.subscriptionId());
			boolean reached = switch (offer.kind()) {
				case PAUSE -> subscription.status() == Subscription.Status.PAUSED;
				case EXTEND -> unknown.nextBillingDate() != null && subscription.nextBillingDate() != null
						&& !subscription.nextBillingDate().isBefore(unknown.nextBillingDate());
				case DOWNGRADE -> schedules(subscription, offer);
				case CUSTOM -> true;
			};
			if (!reached) {
				send(unknown, offer);
			}
		}
		catch (DodoApiException ex) {
			if (ex.isOutcomeUnknown()) {
				return unknown;
			}
			return this.writes.apply(unknown, (current) -> (current.status() == RetentionFlow.Status.OUTCOME_UNKNOWN)
					? current.moveTo(RetentionFlow.Status.FAILED, this.writes.now()).withOutcome(null, null, code(ex))
					: null);
		}
		return this.writes.apply(unknown, (current) -> (current.status() == RetentionFlow.Status.OUTCOME_UNKNOWN)
				? current.moveTo(RetentionFlow.Status.SAVED, this.writes.now()) : null);
	}

	/** Records what the change aims at before it is sent: a settlement needs it if the answer is lost. */
	private RetentionFlow aim(RetentionFlow executing, RetentionOffer offer) {
		Instant now = this.writes.now();
		return switch (offer.kind()) {
			case PAUSE -> {
				Subscription subscription = this.dodo.getSubscription(executing.subscriptionId());
				Instant resumeAt = afterCycles(subscription, offer.cycles(), now);
				yield this.writes.apply(executing, (current) -> current.withOutcome(resumeAt, null, null));
			}
			case EXTEND -> {
				Subscription subscription = this.dodo.getSubscription(executing.subscriptionId());
				Instant from = (subscription.nextBillingDate() != null) ? subscription.nextBillingDate() : now;
				Instant next = from.plus(java.time.Duration.ofDays(offer.days()));
				yield this.writes.apply(executing, (current) -> current.withOutcome(null, next, null));
			}
			case DOWNGRADE, CUSTOM -> executing;
		};
	}

	/** Whether the subscription has the offer's plan change scheduled (or is on the plan already). */
	private static boolean schedules(Subscription subscription, RetentionOffer offer) {
		Object scheduled = (subscription.scheduledChange() != null) ? subscription.scheduledChange().get("product_id")
				: null;
		return java.util.Objects.equals(offer.productId(), scheduled)
				|| java.util.Objects.equals(offer.productId(), subscription.productId());
	}

	private void send(RetentionFlow flow, RetentionOffer offer) {
		switch (offer.kind()) {
			case PAUSE -> this.dodo.updateSubscription(flow.subscriptionId(), SubscriptionUpdate.pause());
			case EXTEND -> this.dodo.updateSubscription(flow.subscriptionId(),
					SubscriptionUpdate.nextBillingDate(java.util.Objects.requireNonNull(flow.nextBillingDate())));
			case DOWNGRADE -> {
				// the reference: effective_at next_billing_date only with full_immediately; nothing is charged now
				Subscription subscription = this.dodo.getSubscription(flow.subscriptionId());
				this.dodo.changePlan(flow.subscriptionId(),
						new PlanChangeRequest(java.util.Objects.requireNonNull(offer.productId()), subscription.quantity(),
								ProrationMode.FULL_IMMEDIATELY, EffectiveAt.NEXT_BILLING_DATE, null, subscription.addons(),
								java.util.Map.of("retention_flow", flow.id()), null));
			}
			case CUSTOM -> {
				// the host acts on the SAVED event
			}
		}
	}

	private RetentionFlow ended(RetentionFlow flow, DodoApiException ex) {
		if (ex.isOutcomeUnknown()) {
			logger.warn("Retention flow " + flow.id() + ": the change's outcome is unknown (" + ex.getMessage()
					+ "); settled by reading the subscription back");
			return this.writes.apply(flow, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
					? current.moveTo(RetentionFlow.Status.OUTCOME_UNKNOWN, this.writes.now()) : null);
		}
		logger.info("Retention flow " + flow.id() + ": Dodo refused the change: " + ex.getMessage());
		return failed(flow, ex);
	}

	private RetentionFlow failed(RetentionFlow flow, DodoApiException ex) {
		return this.writes.apply(flow, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
				? current.moveTo(RetentionFlow.Status.FAILED, this.writes.now()).withOutcome(null, null, code(ex))
				: null);
	}

	/** The end of {@code cycles} billing periods of the subscription from now. */
	static Instant afterCycles(Subscription subscription, int cycles, Instant now) {
		int count = Math.max(1, subscription.paymentFrequencyCount()) * cycles;
		String unit = (subscription.paymentFrequencyInterval() != null) ? subscription.paymentFrequencyInterval() : "Month";
		ZonedDateTime start = now.atZone(ZoneOffset.UTC);
		return switch (unit) {
			case "Day" -> start.plusDays(count).toInstant();
			case "Week" -> start.plusWeeks(count).toInstant();
			case "Year" -> start.plusYears(count).toInstant();
			default -> start.plusMonths(count).toInstant();
		};
	}

	private static String code(DodoApiException ex) {
		return (ex.code() != null) ? ex.code() : "DODO_" + ex.status();
	}

}
