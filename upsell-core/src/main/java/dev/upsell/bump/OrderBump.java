package dev.upsell.bump;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferDiscount;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.StepConditions;

/**
 * An item offered beside a checkout.
 *
 * @param id stable id; the {@code offer} metric tag and the bump offers' rule id
 * @param productId the product added when the customer ticks it
 * @param quantity how many
 * @param cartContains shown only when the cart holds every one of these products; empty for every cart
 * @param when who may see it (the purchase's attributes the host gives: country, owned products, its own)
 * @param displayText the line the checkout page shows, if any (a variant's text wins)
 * @param discount a Dodo discount the bump carries, if any
 * @param experiment a split test of the bump (product, price, text, holdout), if any
 */
public record OrderBump(String id, String productId, int quantity, List<String> cartContains, StepConditions when,
		@Nullable String displayText, @Nullable OfferDiscount discount, @Nullable Experiment experiment) {

	/**
	 * Checks the bump.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public OrderBump {
		if (id == null || id.isBlank() || productId == null || productId.isBlank()) {
			throw new IllegalArgumentException("An order bump needs an id and a product");
		}
		if (quantity < 1) {
			throw new IllegalArgumentException("Order bump " + id + ": quantity is at least 1");
		}
		if (cartContains.contains(productId)) {
			throw new IllegalArgumentException("Order bump " + id + " offers a product its cart must already hold");
		}
		cartContains = List.copyOf(cartContains);
	}

	/**
	 * A bump of one product beside carts holding another.
	 * @param id the id
	 * @param productId the product offered
	 * @param cartContains the product the cart must hold
	 * @return the bump
	 */
	public static OrderBump beside(String id, String productId, String cartContains) {
		return new OrderBump(id, productId, 1, List.of(cartContains), StepConditions.NONE, null, null, null);
	}

}
