/**
 * Post-purchase offers: which offer follows which purchase ({@link dev.upsell.catalog.OfferRules}), the offer
 * lifecycle ({@link dev.upsell.offer.OfferStatus}) with every transition an atomic compare-and-set in an
 * {@link dev.upsell.offer.OfferRepository}, and {@link dev.upsell.offer.OfferService}, the bean hosts use.
 */
@NullMarked
package dev.upsell.offer;

import org.jspecify.annotations.NullMarked;

import dev.upsell.catalog.OfferRules;
