package dev.upsell.retention;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.UpsellEventPublisher;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.plan.PlanChangeQuote;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.retention.internal.RequestedDowngrade;
import dev.upsell.retention.internal.RetentionWrites;
import dev.upsell.retention.internal.SaveOfferExecution;

/**
 * A subscriber's way out, with one chance to stay: {@link #start} a flow for a subscription, {@link #giveReason}
 * (the one offer that answers it, if any, is returned to show), then {@link #accept} the offer (executed on Dodo
 * once, whoever clicks twice or on which instance) or {@link #cancel} (at the end of the period, in one click, from
 * any step: an offer never stands in the way). Every method takes the customer id and refuses another customer's
 * flow or subscription. Thread-safe.
 */
public class RetentionService {

	private static final Log logger = LogFactory.getLog(RetentionService.class);

	private final DodoClient dodo;

	private final RetentionSettings settings;

	private final RetentionWrites writes;

	private final SaveOfferExecution execution;

	private final SaveOfferChoice choice;

	private final RequestedDowngrade downgrades;

	/** Says nothing the customer sent (the id may be anything) and not whether the subscription exists. */
	private static final String NO_SUBSCRIPTION = "No such subscription for this customer";

	private final RetentionMaintenance maintenance;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Creates the service.
	 * @param dodo Dodo
	 * @param flows where flows live
	 * @param settings reasons, offers and guards
	 * @param events where flow changes are published
	 * @param clock the time
	 */
	public RetentionService(DodoClient dodo, RetentionFlowRepository flows, RetentionSettings settings,
			UpsellEventPublisher events, Clock clock) {
		this(dodo, flows, settings, events, clock, null);
	}

	/**
	 * Creates the service, with the plan changes that preview, quote and execute a downgrade now.
	 * @param dodo Dodo
	 * @param flows where flows live
	 * @param settings reasons, offers and guards
	 * @param events where flow changes are published
	 * @param clock the time
	 * @param planChanges the plan changes; without them a downgrade-now offer is never shown
	 */
	public RetentionService(DodoClient dodo, RetentionFlowRepository flows, RetentionSettings settings,
			UpsellEventPublisher events, Clock clock, @Nullable PlanChangeService planChanges) {
		this.dodo = dodo;
		this.settings = settings;
		this.choice = new SaveOfferChoice(dodo, settings, flows, planChanges);
		this.writes = new RetentionWrites(flows, events, clock);
		this.execution = new SaveOfferExecution(dodo, this.writes, planChanges);
		this.downgrades = new RequestedDowngrade(dodo);
		this.maintenance = new RetentionMaintenance(dodo, this, this.writes, this.execution);
	}

	/** What keeps flows true over time (pauses resumed, unknown outcomes settled, stale flows expired): run it on a schedule. */
	public RetentionMaintenance maintenance() {
		return this.maintenance;
	}

	/**
	 * What the flows did, per arm (held out, each offer, none), from the store: the same numbers on every instance and
	 * after restarts.
	 * @param since flows started at or after this
	 * @return one tally per arm
	 */
	public List<RetentionFlowRepository.Tally> results(java.time.Instant since) {
		return this.writes.flows().tally(since);
	}

	/** The reasons, offers and guards in force. */
	public RetentionSettings settings() {
		return this.settings;
	}

	/**
	 * Starts a flow for a customer's subscription, or returns the one open for it (a second tab, another instance).
	 * @param customerId the customer; must own the subscription
	 * @param subscriptionId the subscription
	 * @return the open flow
	 * @throws RetentionException {@code NOT_FOUND} for another customer's or an unknown subscription,
	 * {@code NOT_CANCELLABLE} for one cancelled, expired or already cancelling at its period's end
	 */
	public RetentionFlow start(String customerId, String subscriptionId) {
		return open(customerId, subscriptionId, null);
	}

	/**
	 * Starts a downgrade flow: the customer asked for a cheaper plan; they give a reason and may see an offer to stay
	 * on theirs, or go ahead with {@link #downgrade} (the cheaper plan from the next billing date). Returns the flow
	 * open for the subscription if there is one, whatever it was started for.
	 * @param customerId the customer; must own the subscription
	 * @param subscriptionId the subscription
	 * @param productId the cheaper plan asked for
	 * @return the open flow
	 * @throws RetentionException {@code NOT_FOUND}, {@code NOT_CANCELLABLE} for a subscription that is not active,
	 * cancelling, already on that plan or with a change scheduled, or a plan that is not a cheaper recurring plan in
	 * its currency
	 */
	public RetentionFlow startDowngrade(String customerId, String subscriptionId, String productId) {
		return open(customerId, subscriptionId, productId);
	}

	private RetentionFlow open(String customerId, String subscriptionId, @Nullable String downgradeTo) {
		Subscription subscription = subscription(customerId, subscriptionId);
		if (downgradeTo != null && !this.downgrades.allows(subscription, downgradeTo)) {
			// says nothing of the product the customer named
			throw new RetentionException(RetentionException.Reason.NOT_CANCELLABLE,
					"The subscription cannot move down to that plan now");
		}
		if (subscription.status() == Subscription.Status.CANCELLED || subscription.status() == Subscription.Status.EXPIRED
				|| subscription.cancelsAtPeriodEnd()) {
			throw new RetentionException(RetentionException.Reason.NOT_CANCELLABLE, "The subscription is "
					+ (subscription.cancelsAtPeriodEnd() ? "cancelling already" : subscription.status()));
		}
		for (int i = 0; i < 3; i++) {
			Optional<RetentionFlow> open = this.writes.flows().findOpen(subscriptionId);
			if (open.isPresent()) {
				return open.get();
			}
			RetentionFlow flow = new RetentionFlow(newId(), customerId, subscriptionId, RetentionFlow.Status.STARTED,
					null, null, null, 0, this.writes.now(), this.writes.now(), null, null, null, null, null, downgradeTo);
			try {
				this.writes.insert(flow);
				return flow;
			}
			catch (RetentionFlowRepository.OpenFlowExistsException ex) {
				// another instance started it first: return that one
			}
		}
		throw new IllegalStateException("Subscription " + subscriptionId + "'s retention flow keeps changing; try again");
	}

	/**
	 * Records the customer's reason and chooses the one offer that answers it, unless a guard holds: offers off, the
	 * customer's saves used up, the subscription past due (unless allowed) or not active.
	 * @param customerId the customer
	 * @param flowId the flow
	 * @param reason one of the configured reasons
	 * @param comment the customer's words, if any (kept, never logged)
	 * @return the flow and the offer to show, if any
	 * @throws RetentionException {@code UNKNOWN_REASON}, {@code NOT_FOUND}, or {@code ALREADY_DECIDED} past this step
	 */
	public RetentionStep giveReason(String customerId, String flowId, String reason, @Nullable String comment) {
		if (!this.settings.reasons().contains(reason)) {
			throw new RetentionException(RetentionException.Reason.UNKNOWN_REASON,
					"The reason is not one of " + this.settings.reasons());
		}
		RetentionFlow flow = find(customerId, flowId);
		if (flow.status() != RetentionFlow.Status.STARTED) {
			throw decided(flow);
		}
		SaveOfferChoice.Choice choice = this.choice.choose(customerId, flow, reason);
		RetentionOffer shown = choice.offer();
		RetentionFlow written = this.writes
			.attempt(flow, flow.withReason(reason, comment, (shown != null) ? shown.id() : null, choice.variant(),
					this.writes.now()))
			.orElseThrow(() -> decided(find(customerId, flowId)));
		return new RetentionStep(written, shown, choice.quote());
	}

	/**
	 * The figures of a downgrade now, for the customer to see before accepting: what is credited, the new price.
	 * @param customerId the customer
	 * @param flowId the flow, showing a downgrade-now offer
	 * @return a fresh quote (its id pins the figures when passed to {@link #accept(String, String, String)})
	 * @throws RetentionException {@code NOT_FOUND}, or {@code ALREADY_DECIDED} when no such offer is waiting
	 */
	public PlanChangeQuote quote(String customerId, String flowId) {
		RetentionFlow flow = find(customerId, flowId);
		RetentionOffer offer = this.settings.offer(flow.offerId());
		if (flow.status() != RetentionFlow.Status.OFFERED || offer == null || !offer.immediately()) {
			throw decided(flow);
		}
		PlanChangeQuote quote = this.choice.quote(customerId, this.dodo.getSubscription(flow.subscriptionId()), offer);
		if (quote == null) {
			throw new RetentionException(RetentionException.Reason.DODO_REFUSED, "The downgrade cannot be quoted now");
		}
		return quote;
	}

	/**
	 * Accepts the offer shown: executed on Dodo once. A second accept (a double click, another instance) changes
	 * nothing and is told where the flow is.
	 * @param customerId the customer
	 * @param flowId the flow
	 * @return the flow: {@code SAVED}, {@code FAILED} (Dodo refused; cancelling is still open) or
	 * {@code OUTCOME_UNKNOWN} (settled by reading the subscription back)
	 * @throws RetentionException {@code NOT_FOUND}, or {@code ALREADY_DECIDED} when no offer is waiting
	 */
	public RetentionFlow accept(String customerId, String flowId) {
		return accept(customerId, flowId, null);
	}

	/**
	 * Accepts the offer shown, with the quote a downgrade now was shown with: its figures are what the customer agreed
	 * to, and a change of them since fails the flow ({@code QUOTE_CHANGED}) instead of moving the plan on other terms.
	 * @param customerId the customer
	 * @param flowId the flow
	 * @param quoteId the quote's id, for a downgrade now; {@code null} otherwise (a downgrade now is then quoted again)
	 * @return the flow, as {@link #accept(String, String)} returns it
	 * @throws RetentionException {@code NOT_FOUND}, or {@code ALREADY_DECIDED} when no offer is waiting
	 */
	public RetentionFlow accept(String customerId, String flowId, @Nullable String quoteId) {
		RetentionFlow flow = find(customerId, flowId);
		if (flow.status() != RetentionFlow.Status.OFFERED) {
			throw decided(flow);
		}
		RetentionOffer offer = this.settings.offer(flow.offerId());
		RetentionFlow executing = this.writes
			.attempt(flow, flow.moveTo(RetentionFlow.Status.EXECUTING, this.writes.now()))
			.orElseThrow(() -> decided(find(customerId, flowId)));
		if (offer == null) {
			// the offer left the configuration since it was shown: nothing to execute
			return this.writes.apply(executing, (current) -> (current.status() == RetentionFlow.Status.EXECUTING)
					? current.moveTo(RetentionFlow.Status.FAILED, this.writes.now()).withOutcome(null, null, "OFFER_GONE")
					: null);
		}
		RetentionFlow result = this.execution.execute(executing, offer, quoteId);
		logger.info("Retention flow " + flowId + " accepted " + offer.kind() + " offer " + offer.id() + ": "
				+ result.status());
		return result;
	}

	/**
	 * Cancels the subscription at the end of its period, with the customer's reason as Dodo's feedback. One click
	 * from any step before a decision, and from a failed offer; cancelling twice returns the first result.
	 * @param customerId the customer
	 * @param flowId the flow
	 * @return the cancelled flow
	 * @throws RetentionException {@code NOT_FOUND}, or {@code ALREADY_DECIDED} once an offer was accepted
	 * @throws DodoApiException when Dodo cannot take the cancellation now (nothing is recorded: cancel again)
	 */
	public RetentionFlow cancel(String customerId, String flowId) {
		RetentionFlow flow = find(customerId, flowId);
		if (flow.status() == RetentionFlow.Status.CANCELLED) {
			return flow;
		}
		if (flow.isDowngrade()) {
			throw new RetentionException(RetentionException.Reason.ALREADY_DECIDED,
					"Retention flow " + flow.id() + " is a downgrade: downgrade, or accept its offer");
		}
		if (!flow.status().canMoveTo(RetentionFlow.Status.CANCELLED)) {
			throw decided(flow);
		}
		String reason = (flow.reason() != null) ? flow.reason() : "other";
		// setting cancel_at_next_billing_date again changes nothing: a repeated click or a retry is harmless
		this.dodo.updateSubscription(flow.subscriptionId(),
				SubscriptionUpdate.cancelAtPeriodEnd(RetentionSettings.feedbackFor(reason), flow.comment()));
		RetentionFlow cancelled = this.writes.apply(flow, (current) -> current.status().canMoveTo(RetentionFlow.Status.CANCELLED)
				? current.moveTo(RetentionFlow.Status.CANCELLED, this.writes.now()) : null);
		if (cancelled.status() != RetentionFlow.Status.CANCELLED) {
			logger.warn("Retention flow " + flowId + " was cancelled on Dodo while its offer was accepted ("
					+ cancelled.status() + "): the subscription ends at its period's end");
		}
		return cancelled;
	}

	/**
	 * Goes ahead with the downgrade the customer asked for: the cheaper plan from the next billing date, charged
	 * nothing now. One click from any step before a decision, and from a failed offer; a second click, or one after a
	 * lost answer, never schedules it twice.
	 * @param customerId the customer
	 * @param flowId a downgrade flow
	 * @return the flow, {@code DOWNGRADED}
	 * @throws RetentionException {@code NOT_FOUND}, or {@code ALREADY_DECIDED} once an offer was accepted or for a
	 * cancel flow
	 * @throws DodoApiException when Dodo cannot take the change now (nothing is recorded: click again)
	 */
	public RetentionFlow downgrade(String customerId, String flowId) {
		RetentionFlow flow = find(customerId, flowId);
		if (flow.status() == RetentionFlow.Status.DOWNGRADED) {
			return flow;
		}
		if (!flow.isDowngrade() || !flow.status().canMoveTo(RetentionFlow.Status.DOWNGRADED)) {
			throw decided(flow);
		}
		this.downgrades.make(flow);
		return this.writes.apply(flow, (current) -> current.status().canMoveTo(RetentionFlow.Status.DOWNGRADED)
				? current.moveTo(RetentionFlow.Status.DOWNGRADED, this.writes.now()) : null);
	}

	/**
	 * A customer's flow.
	 * @param customerId the customer; must own it
	 * @param flowId the flow
	 * @return the flow
	 * @throws RetentionException {@code NOT_FOUND} for a missing flow or another customer's
	 */
	public RetentionFlow find(String customerId, String flowId) {
		return this.writes.flows()
			.findById(flowId)
			.filter((flow) -> flow.customerId().equals(customerId))
			.orElseThrow(() -> new RetentionException(RetentionException.Reason.NOT_FOUND,
					"No such retention flow for this customer"));
	}

	private Subscription subscription(String customerId, String subscriptionId) {
		Subscription subscription;
		try {
			subscription = this.dodo.getSubscription(subscriptionId);
		}
		catch (DodoApiException ex) {
			if (ex.status() == 404) {
				throw new RetentionException(RetentionException.Reason.NOT_FOUND, NO_SUBSCRIPTION);
			}
			throw ex;
		}
		if (subscription.customer() == null || !customerId.equals(subscription.customer().customerId())) {
			throw new RetentionException(RetentionException.Reason.NOT_FOUND, NO_SUBSCRIPTION);
		}
		return subscription;
	}

	private static RetentionException decided(RetentionFlow flow) {
		return new RetentionException(RetentionException.Reason.ALREADY_DECIDED,
				"Retention flow " + flow.id() + " is " + flow.status());
	}

	private String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return "ret_" + HexFormat.of().formatHex(bytes);
	}

}
