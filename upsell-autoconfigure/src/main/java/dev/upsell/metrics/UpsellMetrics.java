package dev.upsell.metrics;

import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

import dev.upsell.funnel.Experiment;
import dev.upsell.offer.DeliveryFailed;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OrphanPaymentFound;
import dev.upsell.offer.PaymentRefunded;
import dev.upsell.offer.SettledPayment;
import dev.upsell.plan.PlanChangeExecuted;
import dev.upsell.plan.PlanChangeOutcome;
import dev.upsell.plan.ScheduledPlanChangeCancelled;
import dev.upsell.webhook.WebhookAnswered;

/**
 * All of dodo-upsell's meters, in one place:
 * <ul>
 * <li>{@code upsell.offers} (counter; {@code stage}, {@code kind}, {@code offer}, {@code step}, {@code variant}):
 * each stage an offer reaches, counted once, from the repository's successful transition — never from an
 * attempt, so retries, duplicate webhooks and other instances cannot double count. Besides the statuses, the
 * stages {@code refunded} (first refund of a converted offer) and {@code held_out} (an experiment's holdout,
 * shown nothing).</li>
 * <li>{@code upsell.offers.revenue} (counter, minor units, gross of refunds, tax included: Dodo's {@code total_amount};
 * {@code currency} and the offer tags) and
 * {@code upsell.offers.refunds} (the same, refunded): net revenue is their difference.</li>
 * <li>{@code upsell.plan.changes} (counter; {@code direction}, {@code mode}, {@code outcome}).</li>
 * <li>{@code upsell.webhooks} (counter; {@code type}, {@code outcome}).</li>
 * </ul>
 * Fed by the library's application events ({@link OfferChanged}, {@link WebhookAnswered},
 * {@link PlanChangeExecuted}, {@link OrphanPaymentFound}), published synchronously, so counts are exact.
 * {@code upsell.dodo.requests} is timed by the Dodo client through the Observation API. Tag values come from
 * closed sets: rule ids, kinds, stages, currencies, event types — never customer or offer ids.
 */
public final class UpsellMetrics {

	/** Offer stage counter. */
	public static final String OFFERS = "upsell.offers";

	/** Revenue counter (gross), minor units. */
	public static final String REVENUE = "upsell.offers.revenue";

	/** Failed deliveries to the host's listeners. */
	public static final String FULFILMENT_FAILURES = "upsell.fulfilment.failures";

	/** Deliveries owed to the host's listeners, by state (pending, gave_up). */
	public static final String FULFILMENT_DELIVERIES = "upsell.fulfilment.deliveries";

	/** Refund counter, minor units. */
	public static final String REFUNDS = "upsell.offers.refunds";

	/** The stage counted the first time a converted offer is refunded. */
	public static final String REFUNDED = "refunded";

	/** The stage counted when a customer in an experiment's holdout is shown nothing. */
	public static final String HELD_OUT = "held_out";

	/** The {@code variant} tag of offers outside experiments. */
	public static final String NO_VARIANT = "none";

	private static final String OFFERS_DESCRIPTION = "Offers reaching each stage of the funnel";

	/** Plan change counter. */
	public static final String PLAN_CHANGES = "upsell.plan.changes";

	/** Webhook counter. */
	public static final String WEBHOOKS = "upsell.webhooks";

	/** Dodo request timer (an observation). */
	public static final String DODO_REQUESTS = "upsell.dodo.requests";

	/** Counter of Dodo payments for offers the store does not know (lost offers). */
	public static final String ORPHAN_PAYMENTS = "upsell.orphan.payments";

	private static final Pattern EVENT_TYPE = Pattern.compile("[a-z_]{1,32}(\\.[a-z_]{1,32}){1,2}");

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry where the meters go
	 */
	public UpsellMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Counts the stage an offer reached, and its revenue when it converted.
	 * @param event the change written
	 */
	@EventListener
	public void onOfferChanged(OfferChanged event) {
		Offer after = event.after();
		if (!event.statusChanged()) {
			return;
		}
		stage(after, after.status().tag());
		if (after.status() == OfferStatus.CONVERTED) {
			// what the payment took, in the payment's own currency (Dodo may charge another than the price's)
			long revenue = after.paid().amount();
			tagged(Counter.builder(REVENUE), after)
				.description("Revenue from converted offers: what Dodo charged (total_amount, tax included), gross of "
						+ "refunds, in the minor units of the currency the offer was priced and charged in")
				.tag("currency", after.paid().currency())
				.register(this.registry)
				.increment(revenue);
		}
	}

	/**
	 * Counts a customer held out of an experiment: the {@code held_out} stage, variant {@code holdout}.
	 * @param event the customer held out
	 */
	@EventListener
	public void onHeldOut(OfferHeldOut event) {
		Counter.builder(OFFERS)
			.description(OFFERS_DESCRIPTION)
			.tag("stage", HELD_OUT)
			.tag("kind", event.kind().tag())
			.tag("offer", event.funnelId())
			.tag("step", event.stepId())
			.tag("variant", Experiment.HOLDOUT)
			.register(this.registry)
			.increment();
	}

	/**
	 * Counts a refund, once per Dodo refund and never past the payment (also of an offer purged since): the
	 * amount, and the {@code refunded} stage the first time the payment is refunded.
	 * @param event the refund counted
	 */
	@EventListener
	public void onPaymentRefunded(PaymentRefunded event) {
		SettledPayment payment = event.payment();
		Counter.builder(REFUNDS)
			.description("Refunds of converted offers, in the currency's minor units (net revenue = revenue - refunds)")
			.tag("kind", payment.kind().tag())
			.tag("offer", payment.ruleId())
			.tag("step", payment.funnelStep())
			.tag("variant", (payment.variant() != null) ? payment.variant() : NO_VARIANT)
			.tag("currency", payment.currency())
			.register(this.registry)
			.increment(event.counted());
		if (event.first()) {
			Counter.builder(OFFERS)
				.description(OFFERS_DESCRIPTION)
				.tag("kind", payment.kind().tag())
				.tag("offer", payment.ruleId())
				.tag("step", payment.funnelStep())
				.tag("variant", (payment.variant() != null) ? payment.variant() : NO_VARIANT)
				.tag("stage", REFUNDED)
				.register(this.registry)
				.increment();
		}
	}

	private void stage(Offer offer, String stage) {
		tagged(Counter.builder(OFFERS), offer).description(OFFERS_DESCRIPTION)
			.tag("stage", stage)
			.register(this.registry)
			.increment();
	}

	/** The tags every offer meter has: kind, offer (rule or funnel), step, variant ({@code none} outside experiments). */
	private static Counter.Builder tagged(Counter.Builder builder, Offer offer) {
		return builder.tag("kind", offer.kind().tag())
			.tag("offer", offer.ruleId())
			.tag("step", offer.funnelStep())
			.tag("variant", (offer.variant() != null) ? offer.variant() : NO_VARIANT);
	}

	/**
	 * Counts a failed delivery to the host's listeners ({@code upsell.fulfilment.failures}, by kind and whether
	 * it was given up).
	 * @param event the failed attempt
	 */
	@EventListener
	public void onDeliveryFailed(DeliveryFailed event) {
		Counter.builder(FULFILMENT_FAILURES)
			.description("Failed deliveries of conversions, failures and refunds to the host's listeners")
			.tag("kind", event.delivery().kind().tag())
			.tag("gave_up", Boolean.toString(event.delivery().gaveUp()))
			.register(this.registry)
			.increment();
	}

	/**
	 * Counts an orphan payment.
	 * @param event the orphan found
	 */
	@EventListener
	public void onOrphanPayment(OrphanPaymentFound event) {
		Counter.builder(ORPHAN_PAYMENTS)
			.description("Dodo payments whose offer_id the offer store does not know: a lost offer")
			.register(this.registry)
			.increment();
	}

	/**
	 * Counts a webhook answer.
	 * @param event the answer
	 */
	@EventListener
	public void onWebhookAnswered(WebhookAnswered event) {
		String type = event.type();
		Counter.builder(WEBHOOKS)
			.description("Dodo webhook deliveries by event type and outcome")
			.tag("type", EVENT_TYPE.matcher(type).matches() || WebhookAnswered.UNVERIFIED.equals(type) ? type : "other")
			.tag("outcome", event.outcome().tag())
			.register(this.registry)
			.increment();
	}

	/**
	 * Counts an executed plan change.
	 * @param event the change
	 */
	@EventListener
	public void onPlanChangeExecuted(PlanChangeExecuted event) {
		PlanChangeOutcome outcome = event.outcome();
		planChange(outcome.quote().direction().tag(), outcome.quote().prorationMode().wireValue(), outcome.status().tag());
	}

	/**
	 * Counts a scheduled plan change cancelled: {@code direction="scheduled"}, {@code outcome="cancelled"}.
	 * @param event the cancellation
	 */
	@EventListener
	public void onScheduledPlanChangeCancelled(ScheduledPlanChangeCancelled event) {
		planChange("scheduled", "none", "cancelled");
	}

	/**
	 * Counts a plan change.
	 * @param direction {@code upgrade}, {@code downgrade} or {@code same_price}
	 * @param mode the proration mode's wire value
	 * @param outcome {@code charged}, {@code credited}, {@code scheduled}, {@code no_charge},
	 * {@code payment_required}, {@code payment_failed}, {@code pending}
	 */
	public void planChange(String direction, String mode, String outcome) {
		Counter.builder(PLAN_CHANGES)
			.description("Subscription plan changes by direction, proration mode and outcome")
			.tag("direction", direction)
			.tag("mode", mode)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

}
