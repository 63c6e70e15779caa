/**
 * One-click charging: {@link dev.upsell.checkout.PaymentMethodSelector} picks the saved method a customer can be
 * charged on, {@link dev.upsell.offer.internal.OneClickCheckout} charges it once (never retried) or hands out a
 * normal checkout link when no method qualifies or Dodo refuses the charge.
 */
@NullMarked
package dev.upsell.checkout;

import org.jspecify.annotations.NullMarked;

import dev.upsell.offer.internal.OneClickCheckout;
