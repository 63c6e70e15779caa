/**
 * Conversion metrics on Micrometer: every offer stage change, revenue, plan changes and webhook outcomes,
 * counted from what was actually written, with tag values from small closed sets.
 */
@NullMarked
package dev.upsell.metrics;

import org.jspecify.annotations.NullMarked;
