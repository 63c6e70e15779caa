package dev.upsell.plan;

/**
 * Application event: a plan change was sent to Dodo and answered (or its answer was lost: {@code PENDING}).
 * Published once per change, on the calling thread.
 *
 * @param outcome what it did, with the quoted figures
 */
public record PlanChangeExecuted(PlanChangeOutcome outcome) {
}
