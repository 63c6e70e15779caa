/**
 * Order bumps: items offered beside the host's own Dodo checkout, before the purchase. The host asks which to show,
 * the customer ticks them on the host's page, and the checkout session is created with the ticked ones as its lines
 * (Dodo has no optional lines: the choice is made before the session exists). Each bump shown is an offer, so it is
 * counted, split-tested and attributed like the post-purchase ones.
 */
@NullMarked
package dev.upsell.bump;

import org.jspecify.annotations.NullMarked;
