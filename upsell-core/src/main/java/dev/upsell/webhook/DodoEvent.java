package dev.upsell.webhook;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.upsell.dodo.Dispute;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.Subscription;
import dev.upsell.webhook.internal.WebhookMeta;

/**
 * A verified Dodo webhook event, published as a Spring application event: listen with
 * {@code @EventListener void on(DodoEvent.PaymentSucceeded event)}. Each is delivered to listeners once per
 * {@code webhook-id}; its payload is the object's latest state at delivery time, not a snapshot.
 */
public interface DodoEvent {

	/** The envelope: id, type, business, time. */
	WebhookMeta meta();

	/** The event type, e.g. {@code payment.succeeded}. */
	default String type() {
		return meta().type();
	}

	/** An event about a payment. */
	interface PaymentEvent extends DodoEvent {

		/** The payment, with its metadata. */
		Payment payment();

		/** The offer this payment is for, from its {@code offer_id} metadata. */
		default Optional<String> offerId() {
			return Optional.ofNullable(payment().metadata().get("offer_id"));
		}

	}

	/** An event about a subscription. */
	interface SubscriptionEvent extends DodoEvent {

		/** The subscription. */
		Subscription subscription();

	}

	/**
	 * {@code payment.succeeded}.
	 * @param meta the envelope
	 * @param payment the payment
	 */
	record PaymentSucceeded(WebhookMeta meta, Payment payment) implements PaymentEvent {
	}

	/**
	 * {@code payment.failed}.
	 * @param meta the envelope
	 * @param payment the payment, with {@code error_code}
	 */
	record PaymentFailed(WebhookMeta meta, Payment payment) implements PaymentEvent {
	}

	/**
	 * {@code payment.processing}.
	 * @param meta the envelope
	 * @param payment the payment
	 */
	record PaymentProcessing(WebhookMeta meta, Payment payment) implements PaymentEvent {
	}

	/**
	 * {@code payment.cancelled}.
	 * @param meta the envelope
	 * @param payment the payment
	 */
	record PaymentCancelled(WebhookMeta meta, Payment payment) implements PaymentEvent {
	}

	/**
	 * {@code subscription.active}.
	 * @param meta the envelope
	 * @param subscription the subscription
	 */
	record SubscriptionActive(WebhookMeta meta, Subscription subscription) implements SubscriptionEvent {
	}

	/**
	 * {@code subscription.plan_changed}.
	 * @param meta the envelope
	 * @param subscription the subscription on its new plan
	 */
	record SubscriptionPlanChanged(WebhookMeta meta, Subscription subscription) implements SubscriptionEvent {
	}

	/**
	 * {@code subscription.renewed}.
	 * @param meta the envelope
	 * @param subscription the subscription
	 */
	record SubscriptionRenewed(WebhookMeta meta, Subscription subscription) implements SubscriptionEvent {
	}

	/**
	 * {@code subscription.on_hold}.
	 * @param meta the envelope
	 * @param subscription the subscription
	 */
	record SubscriptionOnHold(WebhookMeta meta, Subscription subscription) implements SubscriptionEvent {
	}

	/**
	 * {@code subscription.cancelled}.
	 * @param meta the envelope
	 * @param subscription the subscription
	 */
	record SubscriptionCancelled(WebhookMeta meta, Subscription subscription) implements SubscriptionEvent {
	}

	/**
	 * {@code refund.succeeded}.
	 * @param meta the envelope
	 * @param refund the refund
	 */
	record RefundSucceeded(WebhookMeta meta, Refund refund) implements DodoEvent {
	}

	/** An event about a dispute (chargeback) that took the payment's money back. */
	interface DisputeEvent extends DodoEvent {

		/** The dispute. */
		Dispute dispute();

	}

	/**
	 * {@code dispute.lost}: the bank decided for the customer; the disputed amount is gone, as with a refund.
	 * @param meta the envelope
	 * @param dispute the dispute
	 */
	record DisputeLost(WebhookMeta meta, Dispute dispute) implements DisputeEvent {
	}

	/**
	 * {@code dispute.accepted}: the business accepted the dispute; the disputed amount is gone, as with a refund.
	 * @param meta the envelope
	 * @param dispute the dispute
	 */
	record DisputeAccepted(WebhookMeta meta, Dispute dispute) implements DisputeEvent {
	}

	/**
	 * Any other type (Dodo adds types over time): acknowledged, not rejected.
	 * @param meta the envelope
	 * @param data the raw {@code data} object
	 */
	record UnknownDodoEvent(WebhookMeta meta, JsonNode data) implements DodoEvent {
	}

}
