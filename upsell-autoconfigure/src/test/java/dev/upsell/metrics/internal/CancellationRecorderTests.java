package dev.upsell.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.upsell.offer.FixedExperimentLedger;
import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowChanged;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.DodoEventParser;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancellations reach the experiment ledger from Dodo's webhook and from a retention flow ended by cancelling. */
class CancellationRecorderTests {

	private final FixedExperimentLedger ledger = new FixedExperimentLedger();

	private final CancellationRecorder recorder = new CancellationRecorder(this.ledger,
			Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));

	@Test
	void dodosCancelledWebhookIsRecordedWhenItArrives() {
		DodoEvent event = new DodoEventParser().parse("msg_1", """
				{"business_id":"bus_1","type":"subscription.cancelled","timestamp":"2026-12-01T08:00:00Z",
				 "data":{"payload_type":"Subscription","subscription_id":"sub_1","status":"cancelled",
				 "product_id":"prod_pro","quantity":1,"currency":"USD","recurring_pre_tax_amount":8000,
				 "customer":{"customer_id":"cus_1","email":"a@example.com","name":"A"}}}"""
			.getBytes(StandardCharsets.UTF_8));
		this.recorder.onSubscriptionCancelled((DodoEvent.SubscriptionCancelled) event);
		assertThat(this.ledger.cancellations()).containsExactly("sub_1 cus_1 2026-12-05T12:00:00Z");
	}

	@Test
	void aRetentionFlowEndedByCancellingIsRecordedOnceAndOtherChangesAreNot() {
		Instant t = Instant.parse("2026-12-02T09:00:00Z");
		RetentionFlow offered = new RetentionFlow("ret_1", "cus_2", "sub_2", RetentionFlow.Status.OFFERED, "unused", null,
				"pause", 1, t, t, null, null, null);
		RetentionFlow cancelled = offered.moveTo(RetentionFlow.Status.CANCELLED, t.plusSeconds(60));
		this.recorder.onRetentionFlowChanged(new RetentionFlowChanged(null, offered, null));
		this.recorder.onRetentionFlowChanged(new RetentionFlowChanged(offered, cancelled, null));
		this.recorder.onRetentionFlowChanged(new RetentionFlowChanged(cancelled, cancelled.measured(false, t), null));
		assertThat(this.ledger.cancellations()).containsExactly("sub_2 cus_2 2026-12-02T09:01:00Z");
	}

}
