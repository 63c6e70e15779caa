package dev.upsell.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferNotFoundException;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.internal.OfferCreation;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransition;
import dev.upsell.offer.internal.OfferTransitions;
import dev.upsell.plan.internal.Addons;

/**
 * Plan change prompts tracked as offers, so they count in the conversion metrics and a change is sent once per
 * prompt across instances: presented here, claimed by {@link PlanChangeService} before it sends the change
 * ({@link PlanChangeOptions#offerId()}), converted by {@code subscription.plan_changed}.
 */
public class PlanOffers {

	private final OfferTransitions transitions;

	private final OfferCreation creation;

	private final OfferSettlement settlement;

	/** The context key under which a plan offer keeps the add-on list it changes to. */
	private static final String ADDONS = "plan_addons";

	/**
	 * Creates the plan offers.
	 * @param transitions reads and writes offers
	 * @param creation makes new offers
	 * @param settlement fails an offer whose change Dodo refused
	 */
	public PlanOffers(OfferTransitions transitions, OfferCreation creation, OfferSettlement settlement) {
		this.transitions = transitions;
		this.creation = creation;
		this.settlement = settlement;
	}

	/**
	 * Presents a plan change prompt as an offer. Accept it by passing its id in
	 * {@link PlanChangeOptions#offerId()}; the {@code subscription.plan_changed} webhook converts it. An open
	 * prompt of the same rule (another tab, another instance) is returned instead of a second one. Prompts shown at a
	 * moment of the host's choosing, with a cooldown and a cap, are {@code TriggeredOffers}'s, which present them
	 * here too.
	 * @param customerId the subscriber
	 * @param subscriptionId the subscription
	 * @param targetProductId the plan offered
	 * @param kind {@link OfferKind#PLAN_UPGRADE} or {@link OfferKind#PLAN_DOWNGRADE}
	 * @param ruleId the id the metrics show for this prompt (a fixed name, e.g. {@code basic-to-pro})
	 * @return the offer
	 */
	public Offer present(String customerId, String subscriptionId, String targetProductId, OfferKind kind,
			String ruleId) {
		if (kind != OfferKind.PLAN_UPGRADE && kind != OfferKind.PLAN_DOWNGRADE) {
			throw new IllegalArgumentException("A plan change offer is a PLAN_UPGRADE or PLAN_DOWNGRADE, not " + kind);
		}
		Offer offer = present(customerId, subscriptionId,
				new Change(ruleId, kind, targetProductId, 1, null, null, OfferDetails.NONE));
		if (offer == null) {
			throw new IllegalArgumentException("Plan " + targetProductId + " cannot be offered");
		}
		return offer;
	}

	/**
	 * Presents a plan change of any plan-change kind (upgrade, downgrade, annual switch, seats and add-ons), or the
	 * customer's open one of the same rule.
	 * @param customerId the subscriber
	 * @param subscriptionId the subscription
	 * @param change what is offered
	 * @return the offer; {@code null} when the plan cannot be offered
	 */
	public @Nullable Offer present(String customerId, String subscriptionId, Change change) {
		if (!change.kind().isPlanChange()) {
			throw new IllegalArgumentException("Not a plan change offer: " + change.kind());
		}
		if (subscriptionId == null || subscriptionId.isBlank()) {
			throw new IllegalArgumentException("subscriptionId must not be blank");
		}
		OfferRule rule = new OfferRule(change.ruleId(), subscriptionId, change.productId(), change.kind(),
				change.quantity(), null, ChargeMethod.CHECKOUT_SESSION);
		Map<String, String> context = new LinkedHashMap<>();
		context.put(Offer.SUBSCRIPTION_ID, subscriptionId);
		if (change.addons() != null) {
			context.put(ADDONS, Addons.write(change.addons()));
		}
		Offer offer = this.creation.create(customerId, rule, change.kind(), change.productId(), null,
				new OfferCreation.Trigger(null, subscriptionId, null), context, change.details(), change.discount());
		if (offer != null) {
			return offer;
		}
		return this.transitions.openOffer(customerId, change.ruleId()).orElse(null);
	}

	/**
	 * A plan change offered.
	 *
	 * @param ruleId the id the metrics show (a fixed name, e.g. {@code basic-to-pro})
	 * @param kind a plan-change kind
	 * @param productId the plan after the change
	 * @param quantity the quantity after the change
	 * @param addons the complete add-on list after the change, or {@code null} to keep the subscription's
	 * @param discount a Dodo discount on the new plan, if any
	 * @param details what the offer keeps beside: its step, experiment and variant, text, and what the same would cost
	 * without it (a year of the current plan), if anything compares
	 */
	public record Change(String ruleId, OfferKind kind, String productId, int quantity,
			@Nullable List<PlanChangeRequest.Addon> addons, @Nullable OfferDiscount discount, OfferDetails details) {
	}

	/**
	 * The customer's plan offer for this subscription and plan.
	 * @param customerId the customer
	 * @param offerId the offer
	 * @param subscriptionId the subscription it must change
	 * @param productId the plan it must offer
	 * @return the offer, if it is one
	 */
	public Optional<Offer> find(String customerId, String offerId, String subscriptionId, String productId) {
		return this.transitions.repository()
			.findById(offerId)
			.filter((offer) -> offer.customerId().equals(customerId) && offer.isPlanChange()
					&& offer.productId().equals(productId)
					&& subscriptionId.equals(offer.context().get(Offer.SUBSCRIPTION_ID)));
	}

	/**
	 * Options with the terms of the plan offer they accept: its discount code and its add-on list, where the caller
	 * set none. The customer names the offer, never its code; an offer that is not theirs, or not for this
	 * subscription and plan, lends nothing (and the change refuses it).
	 * @param customerId the customer
	 * @param subscriptionId the subscription changed
	 * @param productId the plan changed to
	 * @param options the caller's options, naming the offer in {@link PlanChangeOptions#offerId()}
	 * @return the options with the offer's terms
	 */
	public PlanChangeOptions withTermsOf(String customerId, String subscriptionId, String productId,
			PlanChangeOptions options) {
		if (options.offerId() == null) {
			return options;
		}
		Offer offer = find(customerId, options.offerId(), subscriptionId, productId).orElse(null);
		if (offer == null) {
			return options;
		}
		PlanChangeOptions terms = options;
		if (terms.discountCode() == null && offer.details().discountCode() != null) {
			terms = terms.discounted(offer.details().discountCode());
		}
		String addons = offer.context().get(ADDONS);
		return (terms.addons() == null && addons != null) ? terms.withAddons(Addons.read(addons)) : terms;
	}

	/**
	 * Claims a plan offer before its change is sent, so the change is sent once per offer.
	 * @param customerId the customer; must own it
	 * @param offerId the offer
	 * @return the accepted offer
	 * @throws OfferNotFoundException for a missing offer or another customer's
	 * @throws OfferGoneException when it expired or was declined
	 * @throws OfferAlreadySettledException when it was accepted before
	 */
	public Offer claim(String customerId, String offerId) {
		Offer offer = this.transitions.repository()
			.findById(offerId)
			.filter((found) -> found.customerId().equals(customerId))
			.orElseThrow(() -> new OfferNotFoundException(offerId));
		if (offer.status() != OfferStatus.PRESENTED) {
			throw settled(offer);
		}
		if (offer.isExpiredAt(this.transitions.now())) {
			throw new OfferGoneException(this.transitions.expire(offer));
		}
		return this.transitions.attempt(offer, OfferTransition.planChangeSent())
			.orElseThrow(() -> settled(this.transitions.reload(offer)));
	}

	/**
	 * Records the payment a claimed plan offer's change made, so its {@code payment.*} webhooks and reconciliation
	 * settle the offer; one the customer must complete (3-D Secure, a payment link) waits at
	 * {@link AcceptedStep#ACTION_REQUIRED}.
	 * @param offerId the offer
	 * @param paymentId the change's payment
	 * @param paymentLink where the customer pays, if Dodo gave a link
	 * @param customerMustAct whether the payment waits for the customer
	 */
	public void paymentSent(String offerId, String paymentId, @Nullable String paymentLink, boolean customerMustAct) {
		this.transitions.repository()
			.findById(offerId)
			.ifPresent((existing) -> this.transitions.apply(existing,
					OfferTransition.planChangePaymentSent(paymentId, paymentLink, customerMustAct)));
	}

	/**
	 * Fails a claimed plan offer whose change Dodo refused.
	 * @param offerId the offer
	 * @param reason Dodo's code
	 */
	public void refused(String offerId, String reason) {
		this.settlement.planChangeRefused(offerId, reason);
	}

	private static RuntimeException settled(Offer offer) {
		if (offer.status() == OfferStatus.DECLINED || offer.status() == OfferStatus.EXPIRED) {
			return new OfferGoneException(offer);
		}
		return new OfferAlreadySettledException(AcceptResult.of(offer));
	}

}
