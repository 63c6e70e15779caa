package dev.upsell.offer;

/**
 * Application event: an offer failed: its charge or plan change was refused and no checkout link could be
 * made, or no payment was ever found. Published once per failure, after {@link OfferChanged}. An offer handed a
 * checkout link instead ({@link OfferStatus#REDIRECTED}) has not failed.
 *
 * @param offer the failed offer; {@link Offer#failureReason()} says why
 */
public record OfferFailed(Offer offer) {
}
