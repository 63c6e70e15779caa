package dev.upsell.dodo;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A Dodo discount code (SDK 2.52 {@code Discount}), as {@code POST /discounts} and {@code GET /discounts/code/{code}}
 * answer it.
 *
 * @param discountId the discount's id
 * @param code the code a customer or a plan change redeems (upper case)
 * @param amount the discount in basis points for a {@code percentage} code (5000 = 50 %)
 * @param type {@code percentage} or {@code flat}
 * @param subscriptionCycles how many renewals it takes off; {@code null} for all of them
 * @param usageLimit how many redemptions in all, if limited
 * @param timesUsed how many so far
 * @param restrictedTo the products it is limited to; empty for any
 * @param expiresAt when it stops, if ever
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Discount(String discountId, String code, int amount, String type, @Nullable Integer subscriptionCycles,
		@Nullable Integer usageLimit, int timesUsed, @Nullable List<String> restrictedTo, @Nullable Instant expiresAt) {

	/**
	 * Whether Dodo can still redeem it: not used up, not expired.
	 * @param now the time
	 * @return {@code true} while it can be redeemed as far as this answer shows
	 */
	public boolean redeemable(Instant now) {
		return (this.usageLimit == null || this.timesUsed < this.usageLimit)
				&& (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

}
