package dev.upsell.checkout;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.PaymentMethod;

/**
 * The default {@link PaymentMethodSelector}: picks the most recently used saved payment method (Dodo's
 * {@code last_used_at}; never-used ones last, in Dodo's order) that can be charged in one click: listed for this customer (the
 * list comes from Dodo for that customer), not past its expiry month, not marked unusable for off-session
 * charges ({@code recurring_enabled: false}). Whether a card can pay in the offer's currency is Dodo's to
 * decide ("The payment method will be validated for eligibility with the payment's currency"); a refused charge
 * falls back to the checkout link. Opt in to guessing it from the card's issuing country to send such
 * customers to the checkout link without trying.
 */
public final class FirstEligiblePaymentMethod implements PaymentMethodSelector {

	private final boolean currencyFromIssuingCountry;

	/**
	 * Creates a selector.
	 * @param currencyFromIssuingCountry whether to guess a card's currency from its issuing country and skip a
	 * card from another currency's country
	 */
	public FirstEligiblePaymentMethod(boolean currencyFromIssuingCountry) {
		this.currencyFromIssuingCountry = currencyFromIssuingCountry;
	}

	@Override
	public Selection select(List<PaymentMethod> methods, String currency, YearMonth thisMonth) {
		if (methods.isEmpty()) {
			return new Selection(null, Ineligibility.NO_SAVED_PAYMENT_METHOD);
		}
		Ineligibility first = null;
		for (PaymentMethod method : lastUsedFirst(methods)) {
			Ineligibility problem = check(method, currency, thisMonth);
			if (problem == null) {
				return new Selection(method, null);
			}
			first = (first != null) ? first : problem;
		}
		return new Selection(null, first);
	}

	/** The methods by {@code last_used_at}, newest first; methods never used keep Dodo's order, after them. */
	static List<PaymentMethod> lastUsedFirst(List<PaymentMethod> methods) {
		return methods.stream()
			.sorted(Comparator.comparing(PaymentMethod::lastUsedAt, Comparator.nullsLast(Comparator.reverseOrder())))
			.toList();
	}

	private @Nullable Ineligibility check(PaymentMethod method, String currency, YearMonth thisMonth) {
		if (Boolean.FALSE.equals(method.recurringEnabled())) {
			return Ineligibility.NOT_USABLE_OFF_SESSION;
		}
		PaymentMethod.Card card = method.card();
		if (card == null) {
			return null;
		}
		if (card.expiry().map((expiry) -> expiry.isBefore(thisMonth)).orElse(false)) {
			return Ineligibility.CARD_EXPIRED;
		}
		if (this.currencyFromIssuingCountry && card.cardIssuingCountry() != null) {
			String home = homeCurrency(card.cardIssuingCountry());
			if (home != null && !home.equals(currency)) {
				return Ineligibility.CURRENCY_MISMATCH;
			}
		}
		return null;
	}

	private static @Nullable String homeCurrency(String country) {
		try {
			Currency currency = Currency.getInstance(new Locale("", country.toUpperCase(Locale.ROOT)));
			return (currency != null) ? currency.getCurrencyCode() : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
