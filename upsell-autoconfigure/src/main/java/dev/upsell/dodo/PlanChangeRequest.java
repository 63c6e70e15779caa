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
 * @param addons the complete list of addons wanted after the change; {@code null} keeps the current ones,
 * an empty list removes them
 * @param metadata metadata
 * @param discountCodes discount codes
 */
public record PlanChangeRequest(String productId, int quantity, ProrationMode prorationBillingMode,
		@Nullable EffectiveAt effectiveAt, @Nullable OnPaymentFailure onPaymentFailure, @Nullable List<Addon> addons,
		@Nullable Map<String, String> metadata, @Nullable List<String> discountCodes) {

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
