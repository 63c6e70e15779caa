/**
 * Runs the core's housekeeping, reconciliation and deliveries on a Spring task scheduler:
 * {@link dev.upsell.scheduling.OfferMaintenance}.
 */
@NullMarked
package dev.upsell.scheduling;

import org.jspecify.annotations.NullMarked;
