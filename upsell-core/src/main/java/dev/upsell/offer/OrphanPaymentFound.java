package dev.upsell.offer;

/**
 * Application event: a Dodo payment whose {@code offer_id} the offer store does not know (see
 * {@link OrphanPayments}); published once per payment.
 *
 * @param paymentId the Dodo payment (an id, checked)
 */
public record OrphanPaymentFound(String paymentId) {
}
