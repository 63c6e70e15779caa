package dev.upsell.retention;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangeQuote;
import dev.upsell.plan.PlanChangeService;

/**
 * Chooses the one save offer a customer on the way out sees: the offers answering the reason that every guard lets
 * through (the lifetime cap, past due, cancelling, already discounted, what the subscription allows), the
 * experiment's arm ({@link RetentionArms}), and for a downgrade now Dodo's quote (without one the offer is not shown).
 */
final class SaveOfferChoice {

	private static final Log logger = LogFactory.getLog(SaveOfferChoice.class);

	private final RetentionSettings settings;

	private final RetentionFlowRepository flows;

	private final @Nullable PlanChangeService planChanges;

	private final DodoClient dodo;

	SaveOfferChoice(DodoClient dodo, RetentionSettings settings, RetentionFlowRepository flows,
			@Nullable PlanChangeService planChanges) {
		this.dodo = dodo;
		this.settings = settings;
		this.flows = flows;
		this.planChanges = planChanges;
	}

	/**
	 * The offer for a reason, its arm and its quote.
	 * @param customerId the customer
	 * @param flow the flow, before the reason
	 * @param reason the reason
	 * @return the choice
	 */
	Choice choose(String customerId, RetentionFlow flow, String reason) {
		Subscription subscription = this.dodo.getSubscription(flow.subscriptionId());
		RetentionArms.Choice arm = RetentionArms.choose(this.settings, customerId,
				eligibleOffers(customerId, subscription, reason, flow.isDowngrade()));
		RetentionOffer offer = arm.offer();
		if (offer != null && offer.kind() == RetentionOffer.Kind.DOWNGRADE && offer.immediately()) {
			PlanChangeQuote quote = quote(customerId, subscription, offer);
			return (quote != null) ? new Choice(offer, arm.variant(), quote) : new Choice(null, arm.variant(), null);
		}
		return new Choice(offer, arm.variant(), null);
	}

	/**
	 * The offers answering the reason that every guard lets through, in the configured order; none when offers are
	 * off or a guard holds for the whole flow.
	 */
	List<RetentionOffer> eligibleOffers(String customerId, Subscription subscription, String reason,
			boolean downgrading) {
		if (this.settings.skipOffers()) {
			return List.of();
		}
		long saves = this.flows
			.findByCustomer(customerId)
			.stream()
			.filter((past) -> past.status() == RetentionFlow.Status.SAVED || past.status() == RetentionFlow.Status.OUTCOME_UNKNOWN)
			.count();
		if (saves >= this.settings.maxSavesPerCustomer()) {
			return List.of();
		}
		Subscription.Status status = subscription.status();
		boolean pastDue = status == Subscription.Status.ON_HOLD || status == Subscription.Status.PAST_DUE;
		// a subscription already discounted was saved once, or is on a deal: no second one on top
		if (subscription.cancelsAtPeriodEnd() || subscription.discounted()
				|| (pastDue && !this.settings.offerWhenPastDue())) {
			return List.of();
		}
		List<RetentionOffer> eligible = new ArrayList<>();
		for (RetentionOffer offer : this.settings.offers()) {
			boolean applies = switch (offer.kind()) {
				case PAUSE, EXTEND -> status == Subscription.Status.ACTIVE;
				// a cheaper plan than the one the customer has, and none scheduled already
				// a customer asking for a cheaper plan is offered a reason to keep theirs, not another downgrade
				case DOWNGRADE -> !downgrading && status == Subscription.Status.ACTIVE
						&& subscription.scheduledChange() == null && !subscription.productId().equals(offer.productId());
				// a plan change to the same plan carries the code: it needs an active subscription, nothing scheduled
				case DISCOUNT -> status == Subscription.Status.ACTIVE && subscription.scheduledChange() == null;
				case CUSTOM -> true;
			};
			if (applies && offer.answers(reason) && offer.shownOn(subscription.productId())) {
				eligible.add(offer);
			}
		}
		return eligible;
	}

	/** Dodo's preview of a downgrade now, or {@code null} when it cannot be made (the offer is then not shown). */
	@Nullable PlanChangeQuote quote(String customerId, Subscription subscription, RetentionOffer offer) {
		if (this.planChanges == null) {
			return null;
		}
		try {
			return this.planChanges.preview(customerId, subscription.subscriptionId(),
					java.util.Objects.requireNonNull(offer.productId()), subscription.quantity(),
					PlanChangeOptions.mode(ProrationMode.PRORATED_IMMEDIATELY));
		}
		catch (PlanChangeException ex) {
			logger.info("Retention offer " + offer.id() + " not shown: the downgrade cannot be made (" + ex.reason() + ")");
			return null;
		}
	}

	/**
	 * What the customer sees.
	 *
	 * @param offer the offer, or {@code null}
	 * @param variant the experiment's arm, or {@code null}
	 * @param quote a downgrade now's figures, or {@code null}
	 */
	record Choice(@Nullable RetentionOffer offer, @Nullable String variant, @Nullable PlanChangeQuote quote) {
	}

}
