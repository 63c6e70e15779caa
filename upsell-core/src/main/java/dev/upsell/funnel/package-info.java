/**
 * Funnels: which offers follow a purchase, one step at a time ({@link dev.upsell.funnel.Funnel}), who sees a
 * step ({@link dev.upsell.funnel.StepConditions}, {@link dev.upsell.funnel.OfferTargeting}), and split tests of
 * a step's offer ({@link dev.upsell.funnel.Experiment}, assigned by {@link dev.upsell.funnel.internal.VariantAssignment}).
 */
@NullMarked
package dev.upsell.funnel;

import org.jspecify.annotations.NullMarked;

import dev.upsell.funnel.internal.VariantAssignment;
