package dev.upsell.offer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.OfferStatus;

/**
 * Walks funnels: shows a funnel's first step after a purchase, and after an offer is accepted or declined the
 * step its funnel names next. A step is shown only within the order's caps (accepted offers per order, steps
 * shown per funnel and order). A step whose conditions or the host's {@link OfferTargeting} leave the customer
 * out is skipped along its {@code on-decline}; a step whose product the customer may not be offered
 * ({@link OfferEligibility}: owned, open already, declined lately) ends the funnel there, as a rule's downsell
 * is never shown for an upsell the customer owns. A step with an experiment shows the customer's variant, or nothing to a held-out customer
 * ({@link OfferHeldOut}). An order is the purchase's reference; without one, the chain of offers that followed
 * each other.
 */
public final class FunnelNavigator {

	private static final Log logger = LogFactory.getLog(FunnelNavigator.class);

	private final Funnels funnels;

	private final OfferTransitions transitions;

	private final OfferCreation creation;

	private final OfferEligibility eligibility;

	private final OfferTargeting targeting;



	private final ExperimentArms arms;

	/**
	 * Creates the navigator.
	 * @param funnels the funnels
	 * @param transitions reads offers and publishes {@link OfferHeldOut}
	 * @param creation makes the offers
	 * @param eligibility what the customer may be shown from what they hold
	 * @param targeting the host's say in who sees a step
	 */
	public FunnelNavigator(Funnels funnels, OfferTransitions transitions, OfferCreation creation,
			OfferEligibility eligibility, OfferTargeting targeting) {
		this(funnels, transitions, creation, eligibility, targeting, null, java.time.Clock.systemUTC());
	}

	/**
	 * Creates the navigator, recording each experiment's assignments in a ledger.
	 * @param funnels the funnels
	 * @param transitions presents and holds out
	 * @param creation makes the offers
	 * @param eligibility who may see what
	 * @param targeting the host's targeting
	 * @param ledger where assignments are recorded (the first stays), or {@code null}
	 * @param clock the time of an assignment
	 */
	public FunnelNavigator(Funnels funnels, OfferTransitions transitions, OfferCreation creation,
			OfferEligibility eligibility, OfferTargeting targeting, @Nullable ExperimentLedger ledger,
			java.time.Clock clock) {
		this.funnels = funnels;
		this.transitions = transitions;
		this.creation = creation;
		this.eligibility = eligibility;
		this.targeting = targeting;
		this.arms = new ExperimentArms(ledger, clock);
	}

	/**
	 * Shows the first step of every funnel a purchase starts.
	 * @param customerId the buyer
	 * @param purchasedProductId what they bought
	 * @param context the purchase
	 * @return the offers shown
	 */
	public List<Offer> start(String customerId, String purchasedProductId, PurchaseContext context) {
		List<Funnel> started = this.funnels.triggeredBy(purchasedProductId);
		if (started.isEmpty()) {
			return List.of();
		}
		List<Offer> existing = new ArrayList<>(this.transitions.repository().findByCustomer(customerId));
		Map<String, String> purchase = this.creation.withPurchaseBilling(context).attributes();
		List<Offer> shown = new ArrayList<>();
		RuntimeException failed = null;
		for (Funnel funnel : started) {
			Offer offer;
			try {
				offer = show(customerId, funnel, funnel.entry(),
						new OfferCreation.Trigger(purchasedProductId, context.reference(), null), purchase, existing);
			}
			catch (DodoApiException ex) {
				// one funnel Dodo cannot serve now must not hide the others
				logger.warn("Funnel " + funnel.id() + " shows nothing for this purchase: " + ex.getMessage());
				failed = (failed != null) ? failed : ex;
				continue;
			}
			if (offer != null) {
				shown.add(offer);
				existing.add(0, offer);
			}
		}
		if (shown.isEmpty() && failed != null) {
			throw failed;
		}
		return shown;
	}

	/**
	 * Shows the step that follows an accepted or declined offer, if its funnel names one.
	 * @param settled the offer just accepted or declined
	 * @param accepted whether it was accepted
	 * @return the next offer shown, if any
	 */
	public Optional<Offer> next(Offer settled, boolean accepted) {
		Funnel funnel = this.funnels.find(settled.ruleId()).orElse(null);
		FunnelStep step = (funnel != null) ? funnel.step(settled.funnelStep()).orElse(null) : null;
		if (step == null) {
			return Optional.empty();
		}
		String nextId = accepted ? step.onAccept() : step.onDecline();
		FunnelStep next = (nextId != null) ? funnel.step(nextId).orElse(null) : null;
		if (next == null) {
			return Optional.empty();
		}
		Map<String, String> purchase = settled.context();
		List<Offer> existing = new ArrayList<>(this.transitions.repository().findByCustomer(settled.customerId()));
		return Optional.ofNullable(show(settled.customerId(), funnel, next,
				new OfferCreation.Trigger(settled.triggerProductId(), settled.triggerReference(), settled.id()), purchase,
				existing));
	}

	/** Shows {@code step}, or the first step along its on-decline links that may be shown. */
	private @Nullable Offer show(String customerId, Funnel funnel, FunnelStep first, OfferCreation.Trigger trigger,
			Map<String, String> purchase, List<Offer> existing) {
		List<Offer> order = orderOf(existing, trigger);
		if (order.stream().filter(FunnelNavigator::countsTowardsTheCap).count() >= funnel.maxAcceptedPerOrder()) {
			return null;
		}
		if (order.stream().filter((offer) -> offer.ruleId().equals(funnel.id())).count() >= funnel.maxStepsShown()) {
			return null;
		}
		FunnelStep step = first;
		for (int hops = 0; step != null && hops <= funnel.steps().size(); hops++) {
			if (isTargeted(customerId, funnel, step, purchase, existing)) {
				boolean eligible = this.eligibility.mayPresent(customerId, existing, funnel.id(), step.id(),
						step.productId());
				return eligible ? showStep(customerId, funnel, step, trigger, purchase, existing) : null;
			}
			step = (step.onDecline() != null) ? funnel.step(step.onDecline()).orElse(null) : null;
		}
		return null;
	}

	/** Whether the step's conditions and the host's targeting let the customer see it. */
	private boolean isTargeted(String customerId, Funnel funnel, FunnelStep step, Map<String, String> purchase,
			List<Offer> existing) {
		return step.when().test(purchase, (product) -> this.eligibility.owns(customerId, existing, product))
				&& this.targeting.mayShow(customerId, funnel, step, purchase);
	}

	private @Nullable Offer showStep(String customerId, Funnel funnel, FunnelStep step, OfferCreation.Trigger trigger,
			Map<String, String> purchase, List<Offer> existing) {
		OfferDetails details = OfferDetails.atStep(step.id(), step.chargeWith());
		String productId = step.productId();
		Long amount = null;
		Experiment experiment = step.experiment();
		if (experiment != null) {
			VariantAssignment.Assignment assignment = this.arms.assign(experiment, customerId);
			if (assignment.heldOut()) {
				logger.debug("Customer " + customerId + " is in the holdout of experiment " + experiment.id());
				this.transitions.heldOut(new OfferHeldOut(customerId, funnel.id(), step.id(), step.kind(),
						experiment.id(), trigger.reference()));
				return null;
			}
			Variant variant = Objects.requireNonNull(assignment.variant());
			details = details.inExperiment(experiment.id(), variant.id(), variant.displayText());
			if (variant.productId() != null && !variant.productId().equals(productId)) {
				productId = variant.productId();
				if (!this.eligibility.mayPresent(customerId, existing, funnel.id(), step.id(), productId)) {
					return null;
				}
			}
			amount = variant.amount();
		}
		return this.creation.create(customerId, step.asRule(funnel), step.kind(), productId, amount, trigger, purchase,
				details, step.discount());
	}

	/**
	 * Whether an offer counts as accepted for the per-order cap: accepted, converted, or redirected to a checkout
	 * link the customer can still pay (until it expires or fails), so a customer without a card cannot pay more
	 * offers of one order through redirects than the cap allows.
	 */
	private static boolean countsTowardsTheCap(Offer offer) {
		return offer.status() == OfferStatus.ACCEPTED || offer.status() == OfferStatus.CONVERTED
				|| offer.status() == OfferStatus.REDIRECTED;
	}

	/** The offers of the trigger's order: same reference, or without one the chain of parents. */
	private static List<Offer> orderOf(List<Offer> existing, OfferCreation.Trigger trigger) {
		if (trigger.reference() != null) {
			return existing.stream().filter((offer) -> trigger.reference().equals(offer.triggerReference())).toList();
		}
		List<Offer> chain = new ArrayList<>();
		String parent = trigger.parentOfferId();
		while (parent != null && chain.size() < 100) {
			String id = parent;
			Offer offer = existing.stream().filter((candidate) -> candidate.id().equals(id)).findFirst().orElse(null);
			if (offer == null) {
				break;
			}
			chain.add(offer);
			parent = offer.parentOfferId();
		}
		return chain;
	}

}
