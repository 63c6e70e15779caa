package dev.upsell.funnel.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferKind;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.funnel.Variant;

/**
 * Checks funnels before they are used, naming the funnel and step at fault: ids, products and quantities, step
 * links to unknown steps, cycles (a customer could be shown offers forever), steps no path reaches, caps, and
 * experiments (weights, holdout share, unique variant ids).
 */
public final class FunnelValidation {

	private static final String ID = "[A-Za-z0-9_.-]{1,64}";

	private FunnelValidation() {
	}

	/**
	 * Validates funnels.
	 * @param funnels the funnels
	 * @param source how the funnels are named in messages, e.g. {@code dodo.upsell.offers.funnels}
	 * @throws IllegalArgumentException naming the first funnel at fault
	 */
	public static void validate(List<Funnel> funnels, String source) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < funnels.size(); i++) {
			Funnel funnel = funnels.get(i);
			String name = source + "[" + i + "]" + ((funnel.id() != null) ? " (id '" + funnel.id() + "')" : "");
			require(funnel.id() != null && funnel.id().matches(ID), name + " needs an id of 1-64 letters, digits, '.', '_' or '-'");
			require(ids.add(funnel.id()), name + " repeats the id of an earlier funnel or rule");
			require(funnel.triggerProduct() != null && !funnel.triggerProduct().isBlank(), name + " has no trigger-product");
			require(!funnel.steps().isEmpty(), name + " has no steps");
			require(funnel.maxAcceptedPerOrder() >= 1, name + " has max-accepted-per-order "
					+ funnel.maxAcceptedPerOrder() + "; it must be at least 1");
			require(funnel.maxStepsShown() >= 1, name + " has max-steps-shown " + funnel.maxStepsShown()
					+ "; it must be at least 1");
			Map<String, FunnelStep> steps = new HashMap<>();
			for (FunnelStep step : funnel.steps()) {
				require(step.id() != null && step.id().matches(ID), name + " has a step without a valid id");
				require(steps.put(step.id(), step) == null, name + " has two steps with id '" + step.id() + "'");
				validateStep(name + " step '" + step.id() + "'", step);
			}
			for (FunnelStep step : funnel.steps()) {
				requireKnown(name, step, "on-accept", step.onAccept(), steps);
				requireKnown(name, step, "on-decline", step.onDecline(), steps);
			}
			requireAcyclic(name, funnel, steps);
			Set<String> reached = reachable(funnel.entry(), steps);
			for (FunnelStep step : funnel.steps()) {
				require(reached.contains(step.id()), name + " step '" + step.id()
						+ "' is unreachable: no on-accept or on-decline leads to it from the first step '"
						+ funnel.entry().id() + "'");
			}
		}
	}

	private static void validateStep(String name, FunnelStep step) {
		require(step.productId() != null && !step.productId().isBlank(), name + " has no offer-product");
		require(step.kind() == OfferKind.UPSELL || step.kind() == OfferKind.CROSS_SELL
				|| step.kind() == OfferKind.DOWNSELL || step.kind() == OfferKind.SUBSCRIPTION, name + " has kind "
						+ step.kind() + "; a step is an upsell, a cross-sell, a downsell or a subscription");
		require(step.quantity() >= 1, name + " has quantity " + step.quantity() + "; it must be at least 1");
		StepConditions when = step.when();
		require(when.orderTotalMin() == null || when.orderTotalMax() == null
				|| when.orderTotalMin() <= when.orderTotalMax(), name + " has order-total-min above order-total-max");
		Experiment experiment = step.experiment();
		if (experiment == null) {
			return;
		}
		String experimentName = name + " experiment '" + experiment.id() + "'";
		require(experiment.id() != null && experiment.id().matches(ID), name + " has an experiment without a valid id");
		require(experiment.holdout() >= 0 && experiment.holdout() < 1,
				experimentName + " has holdout " + experiment.holdout() + "; it must be from 0 to below 1");
		require(!experiment.variants().isEmpty(), experimentName + " has no variants; the first is the control");
		Set<String> variantIds = new HashSet<>();
		for (Variant variant : experiment.variants()) {
			require(variant.id() != null && variant.id().matches(ID) && !Experiment.HOLDOUT.equals(variant.id()),
					experimentName + " has a variant without a valid id ('holdout' is taken)");
			require(variantIds.add(variant.id()), experimentName + " has two variants with id '" + variant.id() + "'");
			require(variant.weight() >= 1, experimentName + " variant '" + variant.id() + "' has weight "
					+ variant.weight() + "; it must be at least 1");
			require(variant.amount() == null || variant.amount() >= 1,
					experimentName + " variant '" + variant.id() + "' has an amount below 1");
		}
	}

	private static void requireKnown(String name, FunnelStep step, String link, @Nullable String target,
			Map<String, FunnelStep> steps) {
		require(target == null || steps.containsKey(target),
				name + " step '" + step.id() + "' has " + link + " '" + target + "', which is no step of this funnel");
	}

	private static void requireAcyclic(String name, Funnel funnel, Map<String, FunnelStep> steps) {
		Set<String> done = new HashSet<>();
		for (FunnelStep start : funnel.steps()) {
			Deque<String> path = new ArrayDeque<>();
			visit(name, start.id(), steps, path, done);
		}
	}

	private static void visit(String name, @Nullable String stepId, Map<String, FunnelStep> steps, Deque<String> path,
			Set<String> done) {
		if (stepId == null || done.contains(stepId)) {
			return;
		}
		if (path.contains(stepId)) {
			List<String> cycle = new java.util.ArrayList<>(path);
			java.util.Collections.reverse(cycle);
			cycle = cycle.subList(cycle.indexOf(stepId), cycle.size());
			throw new IllegalArgumentException(name + " has a cycle: " + String.join(" -> ", cycle) + " -> " + stepId
					+ "; a funnel must end");
		}
		path.push(stepId);
		FunnelStep step = steps.get(stepId);
		visit(name, step.onAccept(), steps, path, done);
		visit(name, step.onDecline(), steps, path, done);
		path.pop();
		done.add(stepId);
	}

	private static Set<String> reachable(FunnelStep entry, Map<String, FunnelStep> steps) {
		Set<String> reached = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(List.of(entry.id()));
		while (!todo.isEmpty()) {
			String id = todo.pop();
			if (reached.add(id)) {
				FunnelStep step = steps.get(id);
				if (step.onAccept() != null) {
					todo.push(step.onAccept());
				}
				if (step.onDecline() != null) {
					todo.push(step.onDecline());
				}
			}
		}
		return reached;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
