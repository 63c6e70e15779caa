package dev.upsell.checkout;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.FeatureFlags;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;

/**
 * Charges a saved payment method in one click, or makes a normal checkout link. Each call is one POST,
 * never retried: a failed call with an unknown outcome ({@link DodoApiException#isOutcomeUnknown()}) must be
 * settled by webhook or by reading the payment back.
 */
public final class OneClickCheckout {

	private final DodoClient dodo;

	private final @Nullable String returnUrl;

	private final String defaultBillingCountry;

	/**
	 * Creates the checkout.
	 * @param dodo the Dodo client
	 * @param returnUrl where Dodo sends the customer afterwards, if anywhere
	 * @param defaultBillingCountry billing country for one-time payments when the card does not say
	 */
	public OneClickCheckout(DodoClient dodo, @Nullable String returnUrl, String defaultBillingCountry) {
		this.dodo = dodo;
		this.returnUrl = returnUrl;
		this.defaultBillingCountry = defaultBillingCountry;
	}

	/**
	 * Charges the saved method: a confirmed checkout session with {@code payment_method_id},
	 * {@code redirect_immediately} and the buyer's billing address, or a one-time payment. Dodo's docs require
	 * every billing address field on a confirmed checkout session, so a charge whose full address is not known
	 * takes the one-time-payment route (which needs only the country) rather than send a request Dodo refuses.
	 * @param charge what to charge
	 * @param method the saved method
	 * @return the payment and session Dodo created
	 * @throws DodoApiException when Dodo refuses (4xx) or the outcome is unknown (5xx, timeout)
	 */
	public ChargeAttempt charge(OneClickCharge charge, PaymentMethod method) {
		List<CartItem> cart = charge.cart();
		BillingAddress address = charge.billingAddress();
		if (charge.method() == ChargeMethod.ONE_TIME_PAYMENT || address == null || !address.isComplete()) {
			String country = (method.card() != null && method.card().cardIssuingCountry() != null)
					? method.card().cardIssuingCountry() : this.defaultBillingCountry;
			BillingAddress billing = (address != null) ? address : BillingAddress.country(country);
			PaymentCreated payment = this.dodo.createPayment(new OneTimePaymentRequest(billing,
					CustomerRef.existing(charge.customerId()), cart, method.paymentMethodId(), this.returnUrl,
					charge.metadata(), null, null));
			return new ChargeAttempt(payment.paymentId(), null, payment.paymentLink(), payment.clientSecret());
		}
		CheckoutSession session = this.dodo.createCheckoutSession(new CheckoutSessionRequest(cart,
				CustomerRef.existing(charge.customerId()), method.paymentMethodId(), true, this.returnUrl, null,
				charge.metadata(), null, address, FeatureFlags.oneClick()));
		return new ChargeAttempt(session.paymentId(), session.sessionId(), session.checkoutUrl(),
				session.clientSecret());
	}

	/**
	 * Makes a normal checkout link for the same purchase (no money moves until the customer pays there).
	 * @param charge what to sell
	 * @return the session with its {@code checkout_url}
	 * @throws DodoApiException when Dodo cannot make one
	 */
	public CheckoutSession fallback(OneClickCharge charge) {
		CheckoutSession session = this.dodo.createCheckoutSession(new CheckoutSessionRequest(
				charge.cart(), CustomerRef.existing(charge.customerId()),
				null, null, this.returnUrl, null, charge.metadata(), null, null, null));
		if (session.checkoutUrl() == null) {
			throw new DodoApiException("POST /checkouts", 200, "NO_CHECKOUT_URL", "Dodo returned no checkout_url");
		}
		return session;
	}

	/**
	 * What a one-click charge created.
	 *
	 * @param paymentId the payment, when Dodo made one right away
	 * @param checkoutSessionId the checkout session, for the checkout-session path
	 * @param actionUrl where the customer can finish the payment when the bank asks them to authenticate it
	 * @param clientSecret the secret for Dodo's checkout SDK to finish it in the page
	 */
	public record ChargeAttempt(@Nullable String paymentId, @Nullable String checkoutSessionId,
			@Nullable String actionUrl, @Nullable String clientSecret) {
	}

}
