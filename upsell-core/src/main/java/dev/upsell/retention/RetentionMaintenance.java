package dev.upsell.retention;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.catalog.Money;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.retention.internal.RequestedDowngrade;
import dev.upsell.retention.internal.RetentionWrites;
import dev.upsell.retention.internal.SaveOfferExecution;

/**
 * What keeps retention flows true over time, run on a schedule: resumes a paused subscription when its pause ends
 * (Dodo has no pause with an end), settles a flow whose offer's execution had no answer (or whose instance stopped
 * mid-way) by reading the subscription back, expires a flow left without a decision, and measures each save once
 * it is old enough: kept when the subscription is still there. Each run is bounded.
 */
public class RetentionMaintenance {

	private static final Log logger = LogFactory.getLog(RetentionMaintenance.class);

	private static final int BATCH = 100;

	/** How long an execution may run before it is settled from Dodo's side. */
	private static final Duration EXECUTION_GRACE = Duration.ofMinutes(2);

	private final DodoClient dodo;

	private final RetentionService service;

	private final RetentionWrites writes;

	private final SaveOfferExecution execution;

	/**
	 * Creates the maintenance.
	 * @param dodo Dodo
	 * @param service the flows' service (its settings and store)
	 * @param writes writes the flows
	 * @param execution executes and settles save offers
	 */
	RetentionMaintenance(DodoClient dodo, RetentionService service, RetentionWrites writes,
			SaveOfferExecution execution) {
		this.dodo = dodo;
		this.service = service;
		this.writes = writes;
		this.execution = execution;
	}

	/**
	 * One run: pauses that ended resumed, unknown outcomes settled, undecided flows expired.
	 * @return how many flows changed
	 */
	public int run() {
		Instant now = this.writes.now();
		int changed = 0;
		for (RetentionFlow flow : this.writes.flows().findPausesDue(now, BATCH)) {
			changed += resume(flow) ? 1 : 0;
		}
		Instant settleBefore = now.minus(EXECUTION_GRACE);
		Instant expireBefore = now.minus(this.service.settings().flowTtl());
		for (RetentionFlow flow : this.writes.flows().findStale(settleBefore, BATCH)) {
			RetentionFlow after = switch (flow.status()) {
				case EXECUTING, OUTCOME_UNKNOWN -> settle(flow);
				default -> flow.updatedAt().isBefore(expireBefore) ? this.writes.apply(flow,
						(current) -> current.status().canMoveTo(RetentionFlow.Status.EXPIRED)
								? current.moveTo(RetentionFlow.Status.EXPIRED, now) : null)
						: flow;
			};
			changed += (after.version() != flow.version()) ? 1 : 0;
		}
		for (RetentionFlow flow : this.writes.flows().findFlowsToMeasure(now.minus(this.service.settings().saveAfter()),
				BATCH)) {
			changed += measure(flow) ? 1 : 0;
		}
		return changed;
	}

	/**
	 * Measures a flow: kept when the subscription is still active (or paused again) and not ending at its period's
	 * end, {@link RetentionSettings#saveAfter()} after the decision (a save, a cancellation, a flow left) or the
	 * pause's end.
	 */
	private boolean measure(RetentionFlow flow) {
		Subscription subscription;
		try {
			subscription = this.dodo.getSubscription(flow.subscriptionId());
		}
		catch (DodoApiException ex) {
			if (ex.status() != 404) {
				return false;
			}
			subscription = null;
		}
		// a downgrade flow kept the customer on their plan only if the cheaper one is neither made nor scheduled
		boolean kept = subscription != null && !subscription.cancelsAtPeriodEnd()
				&& (subscription.status() == Subscription.Status.ACTIVE || subscription.status() == Subscription.Status.PAUSED)
				&& !(flow.isDowngrade() && RequestedDowngrade.reached(subscription, flow.downgradeTo()));
		// revenue kept is a save's: a flow that stayed without accepting an offer kept nothing the flow did
		Money perPeriod = (kept && flow.status() == RetentionFlow.Status.SAVED)
				? new Money(subscription.recurringPreTaxAmount(), subscription.currency()) : null;
		// one attempt: a lost race means another instance measured it (a flow is measured once)
		return this.writes.attemptMeasure(flow, flow.measured(kept, this.writes.now()), perPeriod).isPresent();
	}

	private boolean resume(RetentionFlow flow) {
		try {
			this.dodo.updateSubscription(flow.subscriptionId(), SubscriptionUpdate.resume());
		}
		catch (DodoApiException ex) {
			if (ex.isOutcomeUnknown() || ex.status() == 429 || ex.status() >= 500) {
				return false;
			}
			// not paused any more (resumed by the customer, cancelled): nothing left to resume
			logger.info("Retention flow " + flow.id() + ": subscription not resumed (" + ex.code() + "); left as it is");
		}
		RetentionFlow after = this.writes.apply(flow,
				(current) -> (current.resumeAt() != null) ? current.resumed(this.writes.now()) : null);
		return after.version() != flow.version();
	}

	private RetentionFlow settle(RetentionFlow flow) {
		RetentionOffer offer = this.service.settings().offer(flow.offerId());
		RetentionFlow unknown = flow;
		if (flow.status() == RetentionFlow.Status.EXECUTING) {
			unknown = this.writes.apply(flow, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
					? current.moveTo(RetentionFlow.Status.OUTCOME_UNKNOWN, this.writes.now()) : null);
		}
		if (offer == null || unknown.status() != RetentionFlow.Status.OUTCOME_UNKNOWN) {
			return unknown;
		}
		return this.execution.settle(unknown, offer);
	}

}
