package dev.upsell.offer;

/**
 * Application event: an offer converted (its payment succeeded, by one-click charge, fallback checkout or plan
 * change). Published once per offer, after {@link OfferChanged}; fulfil the order here.
 *
 * @param offer the converted offer; {@link Offer#paidAmount()} is what was taken
 */
public record OfferConverted(Offer offer) {
}
