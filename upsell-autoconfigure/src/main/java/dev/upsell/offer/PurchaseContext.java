package dev.upsell.offer;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The purchase that triggers offers.
 *
 * @param reference the host's order id or Dodo payment id of the purchase, sent as {@code trigger_reference}
 * metadata with the charge
 * @param attributes free attributes kept on the offer
 */
public record PurchaseContext(@Nullable String reference, Map<String, String> attributes) {

	/** Copies the attributes. */
	public PurchaseContext {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * A context with just a reference.
	 * @param reference the order or payment id
	 * @return the context
	 */
	public static PurchaseContext of(@Nullable String reference) {
		return new PurchaseContext(reference, Map.of());
	}

}
