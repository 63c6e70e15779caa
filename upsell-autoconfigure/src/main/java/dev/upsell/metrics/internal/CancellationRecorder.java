package dev.upsell.metrics.internal;

import java.time.Clock;

import org.springframework.context.event.EventListener;

import dev.upsell.dodo.Subscription;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowChanged;
import dev.upsell.webhook.DodoEvent;

/**
 * Tells the experiment ledger when a customer cancels a subscription, for the guardrail on paying customers who
 * cancel within 30 days of an offer: from Dodo's {@code subscription.cancelled} webhook, and earlier, from a retention
 * flow the customer ended by cancelling (the subscription then ends at its period's end). Once per subscription: the
 * ledger keeps the first.
 */
public final class CancellationRecorder {

	private final ExperimentLedger ledger;

	private final Clock clock;

	/**
	 * Creates the recorder.
	 * @param ledger the experiments' ledger
	 * @param clock the time a webhook's cancellation is recorded at
	 */
	public CancellationRecorder(ExperimentLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * Records Dodo's cancellation.
	 * @param event {@code subscription.cancelled}
	 */
	@EventListener
	public void onSubscriptionCancelled(DodoEvent.SubscriptionCancelled event) {
		Subscription subscription = event.subscription();
		if (subscription.customer() != null) {
			// when it was learned: a replay days later changes nothing (the first stays)
			this.ledger.subscriptionCancelled(subscription.subscriptionId(), subscription.customer().customerId(),
					this.clock.instant());
		}
	}

	/**
	 * Records a cancellation made through a retention flow.
	 * @param event the flow's change
	 */
	@EventListener
	public void onRetentionFlowChanged(RetentionFlowChanged event) {
		RetentionFlow after = event.after();
		if (after.status() == RetentionFlow.Status.CANCELLED
				&& (event.before() == null || event.before().status() != RetentionFlow.Status.CANCELLED)) {
			this.ledger.subscriptionCancelled(after.subscriptionId(), after.customerId(), after.updatedAt());
		}
	}

}
