package dev.upsell.plan.internal;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.plan.PlanChangeOutcome;
import dev.upsell.plan.PlanChangeQuote;
import dev.upsell.plan.PlanOffers;

/**
 * What a change Dodo took did, in one plain status, and what follows for its plan offer: one the customer must
 * complete waits for them (its payment recorded, so the {@code payment.*} webhooks and reconciliation settle it),
 * one that failed ends with the payment's own reason. Reads only.
 */
public final class ChangeOutcomes {

	private final DodoClient dodo;

	private final @Nullable PlanOffers offers;

	public ChangeOutcomes(DodoClient dodo, @Nullable PlanOffers offers) {
		this.dodo = dodo;
		this.offers = offers;
	}

	/** The status of a change Dodo answered, the plan offer it accepts (if any) brought along. */
	public PlanChangeOutcome.Status settle(PlanChangeQuote quote, PlanChangeResult result, @Nullable String offerId) {
		PlanChangeOutcome.Status status;
		Payment payment = null;
		if (quote.effectiveAt() == EffectiveAt.NEXT_BILLING_DATE) {
			status = PlanChangeOutcome.Status.SCHEDULED;
		}
		else if (result.paymentLink() != null) {
			status = PlanChangeOutcome.Status.PAYMENT_REQUIRED;
		}
		else if (result.paymentId() != null) {
			payment = readPayment(result.paymentId());
			status = paymentStatus(payment);
		}
		else if (quote.chargeNow().amount() > 0) {
			status = PlanChangeOutcome.Status.PENDING;
		}
		else if (quote.creditAdded().amount() > 0) {
			status = PlanChangeOutcome.Status.CREDITED;
		}
		else {
			status = PlanChangeOutcome.Status.NO_CHARGE;
		}
		if (offerId != null && this.offers != null) {
			trackOffer(offerId, status, result, payment);
		}
		return status;
	}

	private void trackOffer(String offerId, PlanChangeOutcome.Status status, PlanChangeResult result,
			@Nullable Payment payment) {
		boolean customerMustAct = status == PlanChangeOutcome.Status.ACTION_REQUIRED
				|| status == PlanChangeOutcome.Status.PAYMENT_REQUIRED;
		if (result.paymentId() != null) {
			this.offers.paymentSent(offerId, result.paymentId(), customerMustAct ? result.paymentLink() : null,
					customerMustAct);
		}
		if (status == PlanChangeOutcome.Status.PAYMENT_FAILED) {
			this.offers.refused(offerId, (payment != null && payment.errorCode() != null)
					? LogText.id(payment.errorCode()) : "PAYMENT_FAILED");
		}
	}

	/** Reads the change's payment back (a safe read); {@code null} when it cannot be read now. */
	private @Nullable Payment readPayment(String paymentId) {
		try {
			return this.dodo.getPayment(paymentId);
		}
		catch (DodoApiException ex) {
			return null;
		}
	}

	/** Says plainly whether the customer was charged, must act, or the outcome is still open. */
	private static PlanChangeOutcome.Status paymentStatus(@Nullable Payment payment) {
		if (payment == null) {
			return PlanChangeOutcome.Status.PENDING;
		}
		return switch (payment.status()) {
			case SUCCEEDED -> PlanChangeOutcome.Status.CHARGED;
			case FAILED, CANCELLED -> PlanChangeOutcome.Status.PAYMENT_FAILED;
			case REQUIRES_CUSTOMER_ACTION, REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION ->
				PlanChangeOutcome.Status.ACTION_REQUIRED;
			default -> PlanChangeOutcome.Status.PENDING;
		};
	}

}
