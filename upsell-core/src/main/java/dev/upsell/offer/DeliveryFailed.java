package dev.upsell.offer;

/**
 * Application event: a delivery to the host's listeners failed (a listener threw); it is tried again later, or
 * was given up. Counted as {@code upsell.fulfilment.failures}.
 *
 * @param delivery the delivery after the failed attempt
 */
public record DeliveryFailed(FulfilmentDelivery delivery) {
}
