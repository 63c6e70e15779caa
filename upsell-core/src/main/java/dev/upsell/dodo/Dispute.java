package dev.upsell.dodo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.OptionalLong;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A dispute (chargeback), as carried by {@code dispute.*} webhooks (SDK 2.52 {@code Dispute}). Like a refund it
 * names its payment, not an offer: find the offer through {@link #paymentId()}.
 *
 * @param disputeId the dispute id
 * @param paymentId the disputed payment
 * @param amount the disputed amount; the SDK types it as a string "to accommodate precision"
 * @param currency ISO 4217 currency
 * @param disputeStatus e.g. {@code dispute_opened}, {@code dispute_lost}, {@code dispute_accepted}
 * @param disputeStage {@code pre_dispute}, {@code dispute} or {@code pre_arbitration}
 * @param createdAt when it was opened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Dispute(String disputeId, String paymentId, @Nullable String amount, @Nullable String currency,
		@Nullable String disputeStatus, @Nullable String disputeStage, @Nullable Instant createdAt) {

	/**
	 * The disputed amount in minor units. Guess (Dodo's docs do not say the unit of this string): a whole number
	 * is minor units, as every other Dodo amount; a decimal is read in major units of {@link #currency()}.
	 * @return the amount, or empty when it is missing or unreadable
	 */
	public OptionalLong amountInMinorUnits() {
		if (this.amount == null || this.amount.isBlank()) {
			return OptionalLong.empty();
		}
		try {
			BigDecimal value = new BigDecimal(this.amount.trim());
			if (value.scale() > 0) {
				if (this.currency == null) {
					return OptionalLong.empty();
				}
				value = value.movePointRight(Currency.getInstance(this.currency).getDefaultFractionDigits());
			}
			return (value.signum() >= 0) ? OptionalLong.of(value.longValueExact()) : OptionalLong.empty();
		}
		catch (ArithmeticException | IllegalArgumentException ex) {
			return OptionalLong.empty();
		}
	}

}
