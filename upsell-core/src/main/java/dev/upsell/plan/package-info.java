/**
 * Subscription plan changes: {@link dev.upsell.plan.PlanChangeService} previews what a change charges or
 * credits, guards against changes Dodo would refuse, and executes it once (never retried).
 */
@NullMarked
package dev.upsell.plan;

import org.jspecify.annotations.NullMarked;
