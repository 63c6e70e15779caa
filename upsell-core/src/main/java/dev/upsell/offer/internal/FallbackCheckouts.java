package dev.upsell.offer.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.OfferRules;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;

/**
 * The normal checkout link a one-click offer gets when its charge cannot be made or was declined: one session
 * per offer, whoever sees the decline first (the accept call, a webhook, reconciliation).
 */
public final class FallbackCheckouts {

	private static final Log logger = LogFactory.getLog(FallbackCheckouts.class);

	private final OfferTransitions transitions;

	private final OneClickCheckout checkout;

	private final OfferRules rules;

	private final Duration wait;

	/** Offers whose fallback checkout link is being made in this JVM: one session per declined charge. */
	private final Set<String> claims = ConcurrentHashMap.newKeySet();

	public FallbackCheckouts(OfferTransitions transitions, OneClickCheckout checkout, OfferRules rules, Duration wait) {
		this.transitions = transitions;
		this.checkout = checkout;
		this.rules = rules;
		this.wait = wait;
	}

	/** A declined one-click offer without a link gets one, once; any other offer is returned as it is. */
	public Offer redirectIfDeclined(Offer offer) {
		if (offer.status() != OfferStatus.FAILED || offer.checkoutUrl() != null || offer.isPlanChange()
				|| offer.paymentId() == null) {
			return offer;
		}
		return fallbackOnce(offer, (offer.failureReason() != null) ? offer.failureReason() : "PAYMENT_FAILED");
	}

	/** {@link #fallback} at most once at a time per offer in this JVM, and never for an offer that has a link. */
	Offer fallbackOnce(Offer offer, String reason) {
		if (!this.claims.add(offer.id())) {
			return awaitOther(offer);
		}
		try {
			Offer current = this.transitions.reload(offer);
			if (current.checkoutUrl() != null || !current.status().canMoveTo(OfferStatus.REDIRECTED)) {
				return current;
			}
			return fallback(current, reason);
		}
		finally {
			this.claims.remove(offer.id());
		}
	}

	/** Makes the link and redirects the offer; without a link it fails. */
	Offer fallback(Offer offer, String reason) {
		CheckoutSession session;
		try {
			session = this.checkout.fallback(chargeFor(offer));
		}
		catch (DodoApiException ex) {
			logger.warn("No fallback checkout for offer " + offer.id() + ": " + ex.getMessage());
			return this.transitions.apply(offer, OfferTransition.noFallback(reason));
		}
		return this.transitions.apply(offer, OfferTransition.fallback(session, reason));
	}

	/** What charging the offer asks of Dodo, with its metadata. */
	OneClickCharge chargeFor(Offer offer) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("offer_id", offer.id());
		metadata.put("offer_kind", offer.kind().tag());
		metadata.put("rule_id", offer.ruleId());
		if (offer.triggerProductId() != null) {
			metadata.put("trigger_product", offer.triggerProductId());
		}
		if (offer.triggerReference() != null) {
			metadata.put("trigger_reference", offer.triggerReference());
		}
		if (offer.variant() != null) {
			metadata.put("variant", offer.variant());
		}
		if (offer.details().discountCode() != null) {
			metadata.put("discount_code", offer.details().discountCode());
		}
		ChargeMethod method = (offer.details().chargeWith() != null) ? offer.details().chargeWith()
				: this.rules.find(offer.ruleId()).map(OfferRule::chargeWith).orElse(ChargeMethod.CHECKOUT_SESSION);
		return new OneClickCharge(offer.customerId(), offer.productId(), offer.quantity(), offer.price().currency(),
				metadata, method, PurchaseContext.billingAddressOf(offer.context()), offer.details().cartAmount(),
				offer.details().discountCode());
	}

	/** Another thread of this JVM is making the link: wait for it, bounded, and answer what it made. */
	private Offer awaitOther(Offer offer) {
		long deadline = System.nanoTime() + this.wait.toNanos();
		while (this.claims.contains(offer.id()) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return this.transitions.repository().findById(offer.id()).orElse(offer);
	}

}
