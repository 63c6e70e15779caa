package dev.upsell.dodo;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /subscriptions/{id}/change-plan} and its {@code /preview}.
 *
 * @param productId the new plan
 * @param quantity how many (at least 1)
 * @param prorationBillingMode how to bill the change
 * @param effectiveAt when the change applies; {@code null} is Dodo's default ({@code immediately})
 * @param onPaymentFailure what happens if the charge fails; {@code null} is the business default
 * @param addons the complete list of addons wanted after the change. Left out ({@code null}) or empty, Dodo
 * removes every addon the subscription has (SDK 2.52, change-plan {@code addons}: "Leaving this empty would remove
 * any existing addons"): to keep them, send them; {@code PlanChangeService} sends the subscription's own list
 * unless told otherwise
 * @param metadata metadata
 * @param discountCodes discount codes
 * @param cancelScheduledChangePlan replace the change scheduled for the next billing date: SDK 2.52 "The scheduled
 * change is cancelled by the transaction that applies this change. A change that never applies leaves the schedule in
 * place"; {@code null} leaves it (and Dodo refuses the change: one is scheduled)
 * @param collectViaPaymentLink ask Dodo for a {@code payment_link} to collect the change's payment (the SDK:
 * "only with collect_via_payment_link"; otherwise the answer carries a {@code client_secret} for Dodo's checkout
 * SDK); {@code null} leaves it out
 */
public record PlanChangeRequest(String productId, int quantity, ProrationMode prorationBillingMode,
		@Nullable EffectiveAt effectiveAt, @Nullable OnPaymentFailure onPaymentFailure, @Nullable List<Addon> addons,
		@Nullable Map<String, String> metadata, @Nullable List<String> discountCodes,
		@Nullable Boolean collectViaPaymentLink, @Nullable Boolean cancelScheduledChangePlan) {

	/**
	 * A body that leaves a scheduled change in place.
	 * @param productId the new plan
	 * @param quantity how many
	 * @param prorationBillingMode how to bill the change
	 * @param effectiveAt when the change applies
	 * @param onPaymentFailure what happens if the charge fails
	 * @param addons the complete addon list, or {@code null}
	 * @param metadata metadata
	 * @param discountCodes discount codes
	 * @param collectViaPaymentLink whether to collect through a payment link
	 */
	public PlanChangeRequest(String productId, int quantity, ProrationMode prorationBillingMode,
			@Nullable EffectiveAt effectiveAt, @Nullable OnPaymentFailure onPaymentFailure, @Nullable List<Addon> addons,
			@Nullable Map<String, String> metadata, @Nullable List<String> discountCodes,
			@Nullable Boolean collectViaPaymentLink) {
		this(productId, quantity, prorationBillingMode, effectiveAt, onPaymentFailure, addons, metadata, discountCodes,
				collectViaPaymentLink, null);
	}

	/**
	 * A body without {@code collect_via_payment_link}.
	 * @param productId the new plan
	 * @param quantity how many
	 * @param prorationBillingMode how to bill the change
	 * @param effectiveAt when the change applies
	 * @param onPaymentFailure what happens if the charge fails
	 * @param addons the complete addon list, or {@code null}
	 * @param metadata metadata
	 * @param discountCodes discount codes
	 */
	public PlanChangeRequest(String productId, int quantity, ProrationMode prorationBillingMode,
			@Nullable EffectiveAt effectiveAt, @Nullable OnPaymentFailure onPaymentFailure, @Nullable List<Addon> addons,
			@Nullable Map<String, String> metadata, @Nullable List<String> discountCodes) {
		this(productId, quantity, prorationBillingMode, effectiveAt, onPaymentFailure, addons, metadata, discountCodes,
				null, null);
	}

	/** Checks the rules Dodo would otherwise reject. */
	public PlanChangeRequest {
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be at least 1, not " + quantity);
		}
		addons = (addons != null) ? List.copyOf(addons) : null;
		metadata = (metadata != null) ? Map.copyOf(metadata) : null;
		discountCodes = (discountCodes != null) ? List.copyOf(discountCodes) : null;
	}

	/**
	 * An addon line.
	 *
	 * @param addonId the addon
	 * @param quantity how many
	 */
	public record Addon(String addonId, int quantity) {
	}

}
