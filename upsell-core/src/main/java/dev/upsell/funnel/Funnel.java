package dev.upsell.funnel;

import java.util.List;
import java.util.Optional;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;

/**
 * The offers that follow buying one product, one step at a time: the first step is shown after the purchase,
 * and each step names the step shown when its offer is accepted and when it is declined. Validated by
 * {@code FunnelValidation}: known step ids, no cycles, every step reachable from the first.
 *
 * @param id stable id; the {@code offer} metric tag and the offers' rule id
 * @param triggerProduct the product whose purchase starts the funnel
 * @param steps the steps; the first is where the funnel starts
 * @param maxAcceptedPerOrder at most this many offers accepted for one order (over all funnels it triggered)
 * @param maxStepsShown at most this many of this funnel's steps shown for one order
 */
public record Funnel(String id, String triggerProduct, List<FunnelStep> steps, int maxAcceptedPerOrder,
		int maxStepsShown) {

	/** The default cap on accepted offers per order (as the one-click upsell apps advise). */
	public static final int DEFAULT_MAX_ACCEPTED_PER_ORDER = 3;

	/** Copies the steps. */
	public Funnel {
		steps = List.copyOf(steps);
	}

	/**
	 * The one-step funnel of a rule: its offer, and its downsell (step {@code <rule id>.downsell}) when it is
	 * declined. This is how {@code dodo.upsell.offers.rules[]} keep working.
	 * @param rule the rule
	 * @return the funnel
	 */
	public static Funnel of(OfferRule rule) {
		String downsell = (rule.downsellProduct() != null) ? rule.downsellRuleId() : null;
		FunnelStep offer = new FunnelStep(rule.id(), rule.offerProduct(), rule.kind(), rule.quantity(),
				rule.chargeWith(), null, downsell, StepConditions.NONE, null);
		if (downsell == null) {
			return new Funnel(rule.id(), rule.triggerProduct(), List.of(offer), DEFAULT_MAX_ACCEPTED_PER_ORDER, 1);
		}
		FunnelStep cheaper = new FunnelStep(downsell, rule.downsellProduct(), OfferKind.DOWNSELL, rule.quantity(),
				rule.chargeWith(), null, null, StepConditions.NONE, null);
		return new Funnel(rule.id(), rule.triggerProduct(), List.of(offer, cheaper), DEFAULT_MAX_ACCEPTED_PER_ORDER, 2);
	}

	/** The step the funnel starts with. */
	public FunnelStep entry() {
		return this.steps.get(0);
	}

	/**
	 * A step by id.
	 * @param stepId the step id
	 * @return the step, if the funnel has it
	 */
	public Optional<FunnelStep> step(String stepId) {
		return this.steps.stream().filter((step) -> step.id().equals(stepId)).findFirst();
	}

}
