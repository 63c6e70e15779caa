package dev.upsell.trigger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.internal.ExperimentArms;
import dev.upsell.offer.internal.OfferCreation;
import dev.upsell.offer.internal.OfferTransitions;
import dev.upsell.plan.PlanOffers;

/**
 * Shows the offers configured for a moment ({@link OfferTrigger#moment()}), when the host (or a Dodo renewal) says it has
 * come. Each offer shows again only after its cooldown and at most its cap per period, counted from the shared offer
 * store, so every instance agrees; one open at a time per customer and offer. Nothing is charged here: the customer
 * accepts an offer like any other (one click on the saved card, or a previewed plan change).
 */
public class TriggeredOffers {

	private static final Log logger = LogFactory.getLog(TriggeredOffers.class);

	/** The moment Dodo's {@code subscription.renewed} webhook fires. */
	public static final String RENEWAL = "renewal";

	private final List<OfferTrigger> triggers;

	private final OfferTransitions transitions;

	private final OfferCreation creation;

	private final PlanOffers planOffers;

	private final DodoClient dodo;

	private final ExperimentArms arms;

	/**
	 * Creates the service.
	 * @param triggers the configured triggered offers
	 * @param transitions reads the customer's offers and the clock
	 * @param creation makes offers sold on the saved card
	 * @param planOffers makes plan-change offers
	 * @param dodo reads the subscription and plans
	 * @param arms the experiments' arms
	 */
	public TriggeredOffers(List<OfferTrigger> triggers, OfferTransitions transitions, OfferCreation creation,
			PlanOffers planOffers, DodoClient dodo, ExperimentArms arms) {
		this.triggers = List.copyOf(triggers);
		this.transitions = transitions;
		this.creation = creation;
		this.planOffers = planOffers;
		this.dodo = dodo;
		this.arms = arms;
	}

	/**
	 * The moment has come for a customer: shows each offer configured for it that the customer may see now.
	 * @param customerId the customer
	 * @param moment the moment's name ({@link OfferTrigger#moment()})
	 * @param subscriptionId the subscription it concerns; required by plan-change offers, which are skipped without it
	 * @param context what the host knows (a billing address lets a product offer be charged in one click)
	 * @return the offers the customer may act on now: shown now, or still open from before
	 * @throws DodoApiException when Dodo cannot be read
	 */
	public List<Offer> fire(String customerId, String moment, @Nullable String subscriptionId, PurchaseContext context) {
		if (customerId == null || customerId.isBlank() || moment == null || moment.isBlank()) {
			throw new IllegalArgumentException("customerId and moment must not be blank");
		}
		Subscription subscription = null;
		List<Offer> shown = new ArrayList<>();
		for (OfferTrigger trigger : this.triggers) {
			if (!trigger.moment().equals(moment)) {
				continue;
			}
			if (trigger.kind().isPlanChange() || !trigger.plans().isEmpty()) {
				if (subscriptionId == null) {
					logger.debug("Triggered offer " + trigger.id() + " needs a subscription; none given");
					continue;
				}
				subscription = (subscription != null) ? subscription : subscription(customerId, subscriptionId);
				if (subscription == null || subscription.status() != Subscription.Status.ACTIVE
						|| (!trigger.plans().isEmpty() && !trigger.plans().contains(subscription.productId()))) {
					continue;
				}
			}
			Offer offer = show(customerId, trigger, subscription, context);
			if (offer != null) {
				shown.add(offer);
			}
		}
		return shown;
	}

	/**
	 * The webhook handler that fires {@link #RENEWAL} on Dodo's {@code subscription.renewed}.
	 * @return the handler
	 */
	public java.util.function.Consumer<dev.upsell.webhook.DodoEvent> renewalHandler() {
		return new RenewalTrigger(this);
	}

	/**
	 * The triggered offers configured.
	 * @return the triggers
	 */
	public List<OfferTrigger> triggers() {
		return this.triggers;
	}

	private @Nullable Offer show(String customerId, OfferTrigger trigger, @Nullable Subscription subscription,
			PurchaseContext context) {
		List<Offer> history = this.transitions.repository()
			.findByCustomer(customerId)
			.stream()
			.filter((offer) -> offer.ruleId().equals(trigger.id()))
			.toList();
		Instant now = this.transitions.now();
		Offer open = this.transitions.openOffer(customerId, trigger.id()).orElse(null);
		if (open != null) {
			return open;
		}
		if (history.stream().anyMatch((offer) -> offer.createdAt().isAfter(now.minus(trigger.cooldown())))) {
			logger.debug("Triggered offer " + trigger.id() + " is cooling down for customer " + LogText.id(customerId));
			return null;
		}
		long inPeriod = history.stream().filter((offer) -> offer.createdAt().isAfter(now.minus(trigger.period()))).count();
		if (inPeriod >= trigger.maxPerPeriod()) {
			logger.debug("Triggered offer " + trigger.id() + " reached its cap for customer " + LogText.id(customerId));
			return null;
		}
		OfferDetails details = OfferDetails.atStep(trigger.id(), trigger.chargeWith());
		String productId = trigger.productId();
		Long amount = null;
		if (trigger.experiment() != null) {
			VariantAssignment.Assignment arm = this.arms.assign(trigger.experiment(), customerId);
			if (arm.heldOut()) {
				// recorded in the ledger as the holdout: the readout compares what the offer adds
				return null;
			}
			Variant variant = Objects.requireNonNull(arm.variant());
			details = details.inExperiment(trigger.experiment().id(), variant.id(), variant.displayText());
			productId = (variant.productId() != null && trigger.kind() != OfferKind.ADD_ON) ? variant.productId()
					: productId;
			amount = trigger.kind().isPlanChange() ? null : variant.amount();
		}
		if (trigger.kind().isPlanChange()) {
			PlanOffers.Change change = change(trigger, subscription, productId, details);
			return (change != null) ? this.planOffers.present(customerId, subscription.subscriptionId(), change) : null;
		}
		PurchaseContext purchase = this.creation.withPurchaseBilling(context);
		OfferRule rule = new OfferRule(trigger.id(), trigger.moment(), productId, trigger.kind(), trigger.quantity(),
				null, trigger.chargeWith());
		Offer offer = this.creation.create(customerId, rule, trigger.kind(), productId, amount,
				new OfferCreation.Trigger(null, trigger.moment(), null), purchase.attributes(), details, trigger.discount());
		if (offer != null) {
			return offer;
		}
		// another request (a double click, another instance) showed it first: that one
		return this.transitions.openOffer(customerId, trigger.id()).orElse(null);
	}

	/** The plan change a trigger offers this subscription, or {@code null} when it has nothing to offer it. */
	private PlanOffers.@Nullable Change change(OfferTrigger trigger, Subscription subscription, @Nullable String productId,
			OfferDetails details) {
		if (trigger.kind() == OfferKind.ADD_ON) {
			Map<String, Integer> addons = new LinkedHashMap<>();
			if (subscription.addons() != null) {
				subscription.addons().forEach((addon) -> addons.put(addon.addonId(), addon.quantity()));
			}
			trigger.addons().forEach((addon, added) -> addons.merge(addon, added, Integer::sum));
			List<PlanChangeRequest.Addon> after = addons.entrySet()
				.stream()
				.map((entry) -> new PlanChangeRequest.Addon(entry.getKey(), entry.getValue()))
				.toList();
			return new PlanOffers.Change(trigger.id(), trigger.kind(), subscription.productId(),
					subscription.quantity() + trigger.addSeats(), after, trigger.discount(), details);
		}
		if (productId == null || subscription.productId().equals(productId)) {
			return null;
		}
		if (trigger.kind() == OfferKind.ANNUAL_SWITCH) {
			Integer perYear = periodsPerYear(subscription.paymentFrequencyInterval(),
					subscription.paymentFrequencyCount());
			if (perYear == null || perYear <= 1) {
				return null;
			}
			details = details.comparedTo(subscription.recurringPreTaxAmount() * perYear);
		}
		return new PlanOffers.Change(trigger.id(), trigger.kind(), productId, subscription.quantity(), null,
				trigger.discount(), details);
	}

	/** How many billing periods a year has; {@code null} when it is not a whole number. */
	static @Nullable Integer periodsPerYear(@Nullable String interval, int count) {
		if (interval == null || count < 1) {
			return null;
		}
		int perYear = switch (interval.toLowerCase(Locale.ROOT)) {
			case "day" -> 365;
			case "week" -> 52;
			case "month" -> 12;
			case "year" -> 1;
			default -> 0;
		};
		return (perYear > 0 && perYear % count == 0) ? perYear / count : null;
	}

	private @Nullable Subscription subscription(String customerId, String subscriptionId) {
		Subscription subscription;
		try {
			subscription = this.dodo.getSubscription(subscriptionId);
		}
		catch (DodoApiException ex) {
			if (ex.status() == 404) {
				return null;
			}
			throw ex;
		}
		boolean theirs = subscription.customer() != null && customerId.equals(subscription.customer().customerId());
		return theirs ? subscription : null;
	}

}
