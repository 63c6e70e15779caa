package dev.upsell.plan;

/** Told of every executed plan change (the metrics hook). Must be quick and must not throw. */
@FunctionalInterface
public interface PlanChangeObserver {

	/**
	 * A plan change was executed.
	 * @param outcome what it did
	 */
	void onPlanChange(PlanChangeOutcome outcome);

}
