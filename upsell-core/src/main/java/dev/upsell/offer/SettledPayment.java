package dev.upsell.offer;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;

/**
 * The compact record of a Dodo payment that converted an offer, kept for as long as Dodo allows refunds
 * ({@code dodo.upsell.offers.payment-retention}), long after the offer itself is purged: a late refund is still
 * counted against it, and a replayed {@code payment.succeeded} is recognised as a sale already made.
 *
 * @param paymentId the Dodo payment
 * @param offerId the offer it converted
 * @param customerId the offer's customer
 * @param ruleId the offer's rule or funnel
 * @param kind what the offer sold
 * @param funnelStep the funnel step that made the offer
 * @param variant the experiment variant, or {@code null}
 * @param paidAmount what the payment took (minor units): refunds never count past it
 * @param currency ISO 4217 currency
 * @param refundedAmount refunded so far, at most {@code paidAmount}
 * @param settledAt when the offer converted
 */
public record SettledPayment(String paymentId, String offerId, String customerId, String ruleId, OfferKind kind,
		String funnelStep, @Nullable String variant, long paidAmount, String currency, long refundedAmount,
		Instant settledAt) {

	/**
	 * The record of a converted offer's payment.
	 * @param offer a converted offer with a payment
	 * @param now when it converted
	 * @return the record, nothing refunded
	 */
	public static SettledPayment of(Offer offer, Instant now) {
		if (offer.paymentId() == null) {
			throw new IllegalArgumentException("Offer " + offer.id() + " has no payment");
		}
		Money paidMoney = offer.paid();
		long paid = paidMoney.amount();
		return new SettledPayment(offer.paymentId(), offer.id(), offer.customerId(), offer.ruleId(), offer.kind(),
				offer.funnelStep(), offer.variant(), paid, paidMoney.currency(),
				Math.min(offer.refundedAmount(), paid), now);
	}

	/** What can still be refunded. */
	public long refundable() {
		return this.paidAmount - this.refundedAmount;
	}

}
