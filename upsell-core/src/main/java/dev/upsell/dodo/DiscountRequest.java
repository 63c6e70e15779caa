package dev.upsell.dodo;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /discounts} (SDK 2.52 {@code DiscountCreateParams}) for a percentage code. {@code null}
 * fields are not sent.
 *
 * @param amount the discount in basis points, 1 to 10000 (2500 = 25 %)
 * @param type always {@code percentage} here
 * @param code the code, 3 to 16 characters (Dodo upper-cases it); {@code null} for a random one
 * @param subscriptionCycles how many renewals it takes off; {@code null} for all of them
 * @param usageLimit how many redemptions in all
 * @param perCustomerUsageLimit how many by one customer
 * @param restrictedTo the products it applies to; {@code null} for any
 * @param name a name for the dashboard
 * @param metadata metadata
 * @param expiresAt when the code can no longer be redeemed ({@code expires_at}); {@code null} for never
 */
public record DiscountRequest(int amount, String type, @Nullable String code, @Nullable Integer subscriptionCycles,
		@Nullable Integer usageLimit, @Nullable Integer perCustomerUsageLimit, @Nullable List<String> restrictedTo,
		@Nullable String name, @Nullable Map<String, String> metadata, java.time.@Nullable Instant expiresAt) {

	/**
	 * Checks what Dodo would refuse.
	 * @throws IllegalArgumentException naming it
	 */
	public DiscountRequest {
		if (amount < 1 || amount > 10_000) {
			throw new IllegalArgumentException("A discount is 1 to 10000 basis points, not " + amount);
		}
		if (code != null && (code.length() < 3 || code.length() > 16)) {
			throw new IllegalArgumentException("A discount code has 3 to 16 characters");
		}
		restrictedTo = (restrictedTo != null) ? List.copyOf(restrictedTo) : null;
		metadata = (metadata != null) ? Map.copyOf(metadata) : null;
	}

	/**
	 * A request for a code that never expires.
	 * @param amount the discount in basis points
	 * @param type always {@code percentage} here
	 * @param code the code, or {@code null} for a random one
	 * @param subscriptionCycles how many renewals it takes off
	 * @param usageLimit how many redemptions in all
	 * @param perCustomerUsageLimit how many by one customer
	 * @param restrictedTo the products it applies to
	 * @param name a name for the dashboard
	 * @param metadata metadata
	 */
	public DiscountRequest(int amount, String type, @Nullable String code, @Nullable Integer subscriptionCycles,
			@Nullable Integer usageLimit, @Nullable Integer perCustomerUsageLimit, @Nullable List<String> restrictedTo,
			@Nullable String name, @Nullable Map<String, String> metadata) {
		this(amount, type, code, subscriptionCycles, usageLimit, perCustomerUsageLimit, restrictedTo, name, metadata,
				null);
	}

	/**
	 * A code for one redemption: a share off a number of renewals of one product.
	 * @param code the code
	 * @param percentOff the share, 1 to 100
	 * @param cycles how many renewals
	 * @param productId the product it is limited to
	 * @param metadata metadata
	 * @return the request
	 */
	public static DiscountRequest singleUse(String code, int percentOff, int cycles, String productId,
			Map<String, String> metadata) {
		return new DiscountRequest(percentOff * 100, "percentage", code, cycles, 1, 1, List.of(productId),
				"Retention " + percentOff + "% off", metadata);
	}

	/**
	 * A code for one offer: one redemption, of one product, until it expires.
	 * @param code the code
	 * @param percentOff the share, 1 to 100
	 * @param cycles for a subscription product, how many billing cycles it takes off; {@code null} for a one-time one
	 * @param productId the product offered
	 * @param expiresAt when the code expires
	 * @param metadata metadata (the offer's id)
	 * @return the request
	 */
	public static DiscountRequest forOffer(String code, int percentOff, @Nullable Integer cycles, String productId,
			java.time.Instant expiresAt, Map<String, String> metadata) {
		return new DiscountRequest(percentOff * 100, "percentage", code, cycles, 1, 1, List.of(productId),
				"Offer " + percentOff + "% off", metadata, expiresAt);
	}

}
