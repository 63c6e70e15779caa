package dev.upsell.dodo;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A customer's saved payment method, as listed by {@code GET /customers/{id}/payment-methods}.
 *
 * @param paymentMethodId Dodo's id, used as {@code payment_method_id} in a one-click charge
 * @param paymentMethod the kind: {@code card}, {@code wallet}, {@code upi}, {@code bank_debit}, …
 * @param paymentMethodType the finer type, if Dodo knows it
 * @param recurringEnabled whether it may be charged off-session; {@code null} when Dodo does not say
 * @param lastUsedAt when it was last used
 * @param card card details for cards, otherwise {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentMethod(String paymentMethodId, String paymentMethod, @Nullable String paymentMethodType,
		@Nullable Boolean recurringEnabled, @Nullable Instant lastUsedAt, @Nullable Card card) {

	/**
	 * Card details; Dodo sends every field as nullable, expiry month and year as strings.
	 *
	 * @param last4Digits last four digits
	 * @param cardNetwork e.g. {@code Visa}
	 * @param cardType e.g. {@code credit}
	 * @param cardIssuingCountry ISO 3166 alpha-2 country of the issuer
	 * @param expiryMonth {@code "1"}–{@code "12"}
	 * @param expiryYear two- or four-digit year
	 * @param cardHolderName the name on the card
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Card(@Nullable String last4Digits, @Nullable String cardNetwork, @Nullable String cardType,
			@Nullable String cardIssuingCountry, @Nullable String expiryMonth, @Nullable String expiryYear,
			@Nullable String cardHolderName) {

		/** The last month the card is valid, when the expiry fields parse; empty otherwise. */
		public Optional<YearMonth> expiry() {
			if (this.expiryMonth == null || this.expiryYear == null) {
				return Optional.empty();
			}
			try {
				int month = Integer.parseInt(this.expiryMonth.trim());
				int year = Integer.parseInt(this.expiryYear.trim());
				return Optional.of(YearMonth.of((year < 100) ? 2000 + year : year, month));
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}

	}

}
