package dev.upsell.checkout;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.PaymentMethod;

/**
 * Picks the saved payment method a one-click offer charges, or says why none qualifies (the customer then gets
 * a checkout link). Declare a bean to replace the default, {@link FirstEligiblePaymentMethod}.
 */
@FunctionalInterface
public interface PaymentMethodSelector {

	/**
	 * Picks a method.
	 * @param methods the customer's saved methods, as Dodo lists them
	 * @param currency the offer's ISO 4217 currency
	 * @param thisMonth the current month
	 * @return the method, or why none qualifies
	 */
	Selection select(List<PaymentMethod> methods, String currency, YearMonth thisMonth);

	/** Why no saved method qualifies. */
	public enum Ineligibility {

		/** The customer has no saved payment method. */
		NO_SAVED_PAYMENT_METHOD,

		/** The card is past its expiry month. */
		CARD_EXPIRED,

		/** Dodo says the method cannot be charged off-session. */
		NOT_USABLE_OFF_SESSION,

		/** The card is from another currency's country (only with the issuing-country guess on). */
		CURRENCY_MISMATCH

	}

	/**
	 * The outcome of a selection: a method, or the reason none qualified (that of the first method).
	 *
	 * @param method the method to charge
	 * @param ineligibility why none qualified
	 */
	public record Selection(@Nullable PaymentMethod method, @Nullable Ineligibility ineligibility) {

		/** The method, if one qualified. */
		public Optional<PaymentMethod> chosen() {
			return Optional.ofNullable(this.method);
		}

	}

}
