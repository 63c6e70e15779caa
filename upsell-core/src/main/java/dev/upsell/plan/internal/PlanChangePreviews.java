package dev.upsell.plan.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.plan.Direction;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.plan.PlanChangeOptions;
import dev.upsell.plan.PlanChangePolicy;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.plan.PlanChangeTerms;

/**
 * The change-plan request a plan change sends, and Dodo's preview of it: the caller's choices, the merchant's
 * terms for the direction where the caller chose nothing, the subscription's addons kept, explicit metadata.
 */
public final class PlanChangePreviews {

	private final DodoClient dodo;

	private final PlanChangePolicy policy;

	public PlanChangePreviews(DodoClient dodo, PlanChangePolicy policy) {
		this.dodo = dodo;
		this.policy = policy;
	}

	/**
	 * Dodo's preview of the change under the terms of a direction (what the caller leaves open).
	 * @param subscription the subscription
	 * @param newProductId the plan to move to
	 * @param quantity how many
	 * @param options what the caller chose
	 * @param direction the direction whose terms fill in the rest
	 * @return the request and Dodo's preview of it
	 */
	public Previewed preview(Subscription subscription, String newProductId, int quantity,
			PlanChangeOptions options, Direction direction) {
		String subscriptionId = subscription.subscriptionId();
		// what the caller leaves open, the merchant's policy for this direction decides
		PlanChangeTerms terms = this.policy.terms(direction);
		ProrationMode mode = (options.prorationMode() != null) ? options.prorationMode() : terms.prorationMode();
		EffectiveAt effectiveAt = (options.effectiveAt() != null) ? options.effectiveAt() : terms.effectiveAt();
		if (effectiveAt == EffectiveAt.NEXT_BILLING_DATE && mode != ProrationMode.FULL_IMMEDIATELY) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_OPTIONS,
					"effective_at next_billing_date needs proration mode full_immediately, not " + mode.wireValue());
		}
		// Dodo removes every addon a change does not send: keep the paid ones unless the caller chose
		List<PlanChangeRequest.Addon> addons = (options.addons() != null) ? options.addons()
				: (subscription.addons() != null) ? subscription.addons() : List.of();
		// A failed charge keeps the plan unless the caller or the policy chose apply_change (the subscription goes on hold)
		OnPaymentFailure onFailure = (options.onPaymentFailure() != null) ? options.onPaymentFailure()
				: terms.onPaymentFailure();
		// explicit metadata, always: without it Dodo copies the subscription's own ("If not passed, the metadata of
		// the subscription will be taken"), and a subscription bought through an offer carries that offer's id.
		// The change's payment carries the plan offer's id only when it accepts one, so its webhooks settle it.
		Map<String, String> metadata = new LinkedHashMap<>(options.metadata());
		metadata.remove("offer_id");
		metadata.put(PlanChangeService.PLAN_CHANGE_METADATA, subscriptionId);
		if (options.offerId() != null) {
			metadata.put("offer_id", options.offerId());
		}
		PlanChangeRequest request = new PlanChangeRequest(newProductId, quantity, mode, effectiveAt, onFailure,
				addons, metadata, (options.discountCode() != null) ? List.of(options.discountCode()) : null,
				this.policy.collectViaPaymentLink() ? Boolean.TRUE : null,
				options.replaceScheduled() ? Boolean.TRUE : null);
		PlanChangePreview preview;
		try {
			preview = this.dodo.previewPlanChange(subscriptionId, request);
		}
		catch (DodoApiException ex) {
			if (ex.isOutcomeUnknown()) {
				throw ex;
			}
			throw PlanCatalog.refused(ex);
		}
		return new Previewed(request, preview);
	}

	/**
	 * A change-plan request and Dodo's preview of it.
	 * @param request the request, as it will be sent
	 * @param preview what Dodo says it does
	 */
	public record Previewed(PlanChangeRequest request, PlanChangePreview preview) {
	}

}
