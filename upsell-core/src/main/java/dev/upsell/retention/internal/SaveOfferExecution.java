package dev.upsell.retention.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangeOutcome;
import dev.upsell.plan.PlanChangeService;
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

	private final @Nullable PlanChangeService planChanges;

	/**
	 * Creates the execution.
	 * @param dodo Dodo
	 * @param writes writes the flows
	 * @param planChanges executes a downgrade now on the quote the customer was shown; {@code null} where there is
	 * none (such offers are then not shown)
	 */
	public SaveOfferExecution(DodoClient dodo, RetentionWrites writes, @Nullable PlanChangeService planChanges) {
		this.dodo = dodo;
		this.writes = writes;
		this.planChanges = planChanges;
	}

	/**
	 * The code a discount offer applies: the dashboard's, or the one made for this flow (the same on every attempt, so
	 * a lost answer never makes two).
	 * @param flow the flow
	 * @param offer its offer
	 * @return the code
	 */
	public static String discountCode(RetentionFlow flow, RetentionOffer offer) {
		if (offer.discountCode() != null) {
			return offer.discountCode();
		}
		String tail = flow.id().replaceAll("[^A-Za-z0-9]", "");
		return ("KEEP" + tail.substring(Math.max(0, tail.length() - 12))).toUpperCase(Locale.ROOT);
	}

	/**
	 * Executes the offer of a flow this caller moved to {@code EXECUTING}.
	 * @param executing the flow, as written
	 * @param offer its offer
	 * @param quoteId for a downgrade now: the quote the customer was shown, which pins its figures
	 * @return the flow afterwards: saved, failed (Dodo refused, or the figures moved), or with an unknown outcome
	 */
	public RetentionFlow execute(RetentionFlow executing, RetentionOffer offer, @Nullable String quoteId) {
		if (offer.kind() == RetentionOffer.Kind.DOWNGRADE && offer.immediately()) {
			return downgradeNow(executing, offer, quoteId);
		}
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
				case DOWNGRADE -> offer.immediately() ? offer.productId().equals(subscription.productId())
						: RequestedDowngrade.reached(subscription, Objects.requireNonNull(offer.productId()));
				case DISCOUNT -> carries(subscription, discountCode(unknown, offer));
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
			case DOWNGRADE, DISCOUNT, CUSTOM -> executing;
		};
	}

	/** Whether Dodo lists the code among the subscription's discounts. */
	private static boolean carries(Subscription subscription, String code) {
		return subscription.discounts() != null
				&& subscription.discounts().stream().anyMatch((discount) -> code.equalsIgnoreCase(discount.code()));
	}

	/**
	 * A downgrade now, through the plan changes: the quote the customer saw pins the figures (a change of them fails
	 * the flow, cancelling stays open), the change is sent once, and an unknown outcome is settled like the others.
	 */
	private RetentionFlow downgradeNow(RetentionFlow executing, RetentionOffer offer, @Nullable String quoteId) {
		if (this.planChanges == null) {
			return failedWith(executing, "PLAN_CHANGES_UNAVAILABLE");
		}
		PlanChangeOutcome outcome;
		try {
			Subscription subscription = this.dodo.getSubscription(executing.subscriptionId());
			PlanChangeOptions options = PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY);
			outcome = this.planChanges.change(executing.customerId(), executing.subscriptionId(),
					Objects.requireNonNull(offer.productId()), subscription.quantity(),
					(quoteId != null) ? options.quote(quoteId) : options);
		}
		catch (PlanChangeException ex) {
			logger.info("Retention flow " + executing.id() + ": the downgrade was refused: " + ex.reason());
			return failedWith(executing, ex.reason().name());
		}
		catch (DodoApiException ex) {
			// nothing was sent: the subscription could not be read or previewed
			return failed(executing, ex);
		}
		if (outcome.status() == PlanChangeOutcome.Status.PENDING) {
			return this.writes.apply(executing, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
					? current.moveTo(RetentionFlow.Status.OUTCOME_UNKNOWN, this.writes.now()) : null);
		}
		return this.writes.apply(executing, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
				? current.moveTo(RetentionFlow.Status.SAVED, this.writes.now()) : null);
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
			case DISCOUNT -> {
				Subscription subscription = this.dodo.getSubscription(flow.subscriptionId());
				String code = discountCode(flow, offer);
				if (offer.discountCode() == null) {
					createOnce(DiscountRequest.singleUse(code, offer.percentOff(), offer.cycles(), subscription.productId(),
							Map.of("retention_flow", flow.id())));
				}
				// Dodo discounts a running subscription only through a plan change: the same plan, billed nothing now,
				// the code from the next renewal on (guess, marked in the fidelity table: check on test mode)
				this.dodo.changePlan(flow.subscriptionId(),
						new PlanChangeRequest(subscription.productId(), subscription.quantity(), ProrationMode.DO_NOT_BILL,
								EffectiveAt.IMMEDIATELY, null, subscription.addons(), Map.of("retention_flow", flow.id()),
								List.of(code)));
			}
			case CUSTOM -> {
				// the host acts on the SAVED event
			}
		}
	}

	/** Makes the customer's code; one made by an earlier attempt whose answer was lost is the same code (409). */
	private void createOnce(DiscountRequest request) {
		try {
			this.dodo.createDiscount(request);
		}
		catch (DodoApiException ex) {
			if (ex.status() != 409) {
				throw ex;
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
		return failedWith(flow, code(ex));
	}

	private RetentionFlow failedWith(RetentionFlow flow, String reason) {
		return this.writes.apply(flow, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
				? current.moveTo(RetentionFlow.Status.FAILED, this.writes.now()).withOutcome(null, null, reason)
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
