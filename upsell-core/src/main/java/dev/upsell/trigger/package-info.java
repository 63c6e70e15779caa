/**
 * Offers shown at a moment of the host's choosing (a renewal, a usage or credit threshold it reports, a page it
 * opens), each with a cooldown before it shows again and a cap per period, counted in the shared offer store; never a
 * charge without the customer's click.
 */
@NullMarked
package dev.upsell.trigger;

import org.jspecify.annotations.NullMarked;
