package dev.upsell.test.simulator;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A saved payment method of a simulated customer: a card, or a wallet ({@link #wallet}).
 * <p>
 * Guess (the reference is silent): a card charges only in its {@code currencies}; a charge in another
 * currency fails with {@code CURRENCY_NOT_SUPPORTED}. A card past its expiry month fails with
 * {@code EXPIRED_CARD}.
 *
 * @param paymentMethodId the payment method id
 * @param network card network, e.g. {@code Visa}
 * @param last4 last four digits
 * @param expiryMonth 1–12
 * @param expiryYear four-digit year
 * @param issuingCountry ISO 3166 alpha-2 issuer country
 * @param currencies currencies the card can be charged in
 * @param recurringEnabled whether it may be charged off-session; {@code null} when Dodo does not say
 * @param behaviour what a charge does
 * @param kind {@code card} or {@code wallet} (Dodo's {@code payment_method})
 */
public record SimCard(String paymentMethodId, String network, String last4, int expiryMonth, int expiryYear,
		String issuingCountry, Set<String> currencies, @Nullable Boolean recurringEnabled, CardBehaviour behaviour,
		String kind) {

	/** Copies the currencies. */
	public SimCard {
		currencies = Set.copyOf(currencies);
	}

	/**
	 * A Visa ending 4242, valid until 12/2099, issued in the US, charging USD, recurring enabled.
	 * @param paymentMethodId the payment method id
	 * @return the card
	 */
	public static SimCard working(String paymentMethodId) {
		return new SimCard(paymentMethodId, "Visa", "4242", 12, 2099, "US", Set.of("USD"), true,
				CardBehaviour.SUCCEEDS, "card");
	}

	/**
	 * This card with another expiry.
	 * @param month 1–12
	 * @param year four-digit year
	 * @return the card
	 */
	public SimCard expiring(int month, int year) {
		return new SimCard(this.paymentMethodId, this.network, this.last4, month, year, this.issuingCountry,
				this.currencies, this.recurringEnabled, this.behaviour, this.kind);
	}

	/**
	 * This card with another behaviour.
	 * @param behaviour what a charge does
	 * @return the card
	 */
	public SimCard behaving(CardBehaviour behaviour) {
		return new SimCard(this.paymentMethodId, this.network, this.last4, this.expiryMonth, this.expiryYear,
				this.issuingCountry, this.currencies, this.recurringEnabled, behaviour, this.kind);
	}

	/**
	 * This card issued elsewhere, charging other currencies.
	 * @param issuingCountry ISO 3166 alpha-2 country
	 * @param currencies the currencies it charges in
	 * @return the card
	 */
	public SimCard issuedIn(String issuingCountry, String... currencies) {
		return new SimCard(this.paymentMethodId, this.network, this.last4, this.expiryMonth, this.expiryYear,
				issuingCountry, Set.of(currencies), this.recurringEnabled, this.behaviour, this.kind);
	}

	/**
	 * This card on another network.
	 * @param network e.g. {@code Mastercard}
	 * @param last4 last four digits
	 * @return the card
	 */
	public SimCard network(String network, String last4) {
		return new SimCard(this.paymentMethodId, network, last4, this.expiryMonth, this.expiryYear,
				this.issuingCountry, this.currencies, this.recurringEnabled, this.behaviour, this.kind);
	}

	/**
	 * This card without off-session (recurring) charging.
	 * @return the card
	 */
	public SimCard notRecurring() {
		return new SimCard(this.paymentMethodId, this.network, this.last4, this.expiryMonth, this.expiryYear,
				this.issuingCountry, this.currencies, false, this.behaviour, this.kind);
	}

	/**
	 * A saved wallet (Apple Pay, Google Pay): {@code payment_method: wallet}, no card details, and
	 * {@code recurring_enabled} left {@code null}, as Dodo may (SDK {@code PaymentMethodListResponse}).
	 * @param paymentMethodId the id
	 * @param type the wallet, e.g. {@code apple_pay}
	 * @return the wallet
	 */
	public static SimCard wallet(String paymentMethodId, String type) {
		return new SimCard(paymentMethodId, type, "", 12, 2099, "US", Set.of("USD"), null, CardBehaviour.SUCCEEDS,
				"wallet");
	}

	/**
	 * This method with {@code recurring_enabled} left {@code null} (Dodo does not say).
	 * @return the method
	 */
	public SimCard recurringUnknown() {
		return new SimCard(this.paymentMethodId, this.network, this.last4, this.expiryMonth, this.expiryYear,
				this.issuingCountry, this.currencies, null, this.behaviour, this.kind);
	}

	/** Whether it is a card (else a wallet). */
	public boolean isCard() {
		return this.kind.equals("card");
	}

}
