/**
 * A stateful, in-process stand-in for the Dodo Payments API: customers with saved cards, products,
 * subscriptions, payments, checkout sessions, plan changes with Dodo's proration modes, and signed webhook
 * delivery, with fault injection. Start one with {@link dev.upsell.test.simulator.DodoSimulator#start()}.
 */
@NullMarked
package dev.upsell.test.simulator;

import org.jspecify.annotations.NullMarked;
