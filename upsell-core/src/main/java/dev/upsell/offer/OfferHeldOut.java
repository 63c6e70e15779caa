package dev.upsell.offer;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferKind;

/**
 * Application event: a customer in an experiment's holdout was shown no offer at a funnel step. Nothing is
 * stored; the assignment is deterministic, so a host can tell any time who is held out
 * ({@code VariantAssignment.assign}) and compare what held-out and exposed customers spend later, the honest
 * measure of what the offers add.
 *
 * @param customerId the customer
 * @param funnelId the funnel
 * @param stepId the step not shown
 * @param kind the step's kind
 * @param experimentId the experiment
 * @param triggerReference the purchase's reference, if any
 */
public record OfferHeldOut(String customerId, String funnelId, String stepId, OfferKind kind, String experimentId,
		@Nullable String triggerReference) {
}
