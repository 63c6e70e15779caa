/**
 * Auto-configuration of dodo-upsell: {@code @AutoConfiguration} classes and {@link UpsellProperties}. Wiring
 * only; the behaviour lives in the capability packages.
 */
@NullMarked
package dev.upsell.autoconfigure;

import org.jspecify.annotations.NullMarked;
