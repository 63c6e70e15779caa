package dev.upsell.web.internal;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.dodo.CartItem;

/** The bodies of the order bump endpoints, validated as they are bound: a bad field fails with a 400 naming it. */
public final class BumpBodies {

	private static final Pattern OFFER_ID = Pattern.compile("off_[0-9a-f]{32}");

	private static final int MAX_QUANTITY = 10_000;

	private BumpBodies() {
	}

	/**
	 * {@code POST /upsell/bumps}: the cart the bumps go beside.
	 *
	 * @param cart the host's cart: 1 to 20 lines of {@code {"product_id", "quantity"}}
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Offer(@Nullable JsonNode cart) {

		/** Validates the cart. */
		public Offer {
			lines(cart);
		}

		/**
		 * The cart.
		 * @return its lines
		 */
		public List<CartItem> items() {
			return lines(this.cart);
		}

	}

	/**
	 * {@code POST /upsell/bumps/checkout}: the cart and the bumps ticked.
	 *
	 * @param cart the host's cart, as for {@link Offer}
	 * @param bumps the ids of the bump offers ticked (none for none)
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Checkout(@Nullable JsonNode cart, @Nullable List<String> bumps) {

		/** Validates the fields. */
		public Checkout {
			lines(cart);
			if (bumps != null && (bumps.size() > 19
					|| bumps.stream().anyMatch((id) -> id == null || !OFFER_ID.matcher(id).matches()))) {
				throw new IllegalArgumentException("bumps must be at most 19 offer ids (off_ and 32 hex digits)");
			}
		}

		/**
		 * The cart.
		 * @return its lines
		 */
		public List<CartItem> items() {
			return lines(this.cart);
		}

		/**
		 * The bumps ticked.
		 * @return the offer ids
		 */
		public List<String> ticked() {
			return (this.bumps != null) ? this.bumps : List.of();
		}

	}

	/**
	 * The answer of a checkout.
	 *
	 * @param sessionId Dodo's checkout session
	 * @param checkoutUrl where the customer pays
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Session(String sessionId, @Nullable String checkoutUrl) {
	}

	static List<CartItem> lines(@Nullable JsonNode cart) {
		if (cart == null || !cart.isArray() || cart.isEmpty() || cart.size() > 20) {
			throw new IllegalArgumentException("cart must be a list of 1 to 20 {\"product_id\", \"quantity\"} lines");
		}
		return cart.valueStream().map((line) -> {
			JsonNode product = line.path("product_id");
			JsonNode quantity = line.path("quantity");
			if (!product.isString() || product.asString().isBlank() || product.asString().length() > 200
					|| !quantity.isIntegralNumber() || !quantity.canConvertToInt() || quantity.intValue() < 1
					|| quantity.intValue() > MAX_QUANTITY) {
				throw new IllegalArgumentException("each cart line needs a product_id (1 to 200 characters) and a "
						+ "whole quantity from 1 to " + MAX_QUANTITY);
			}
			return new CartItem(product.asString(), quantity.intValue(), null);
		}).toList();
	}

}
