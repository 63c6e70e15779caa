package dev.upsell.offer.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.checkout.ChargeMethod;
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

	private static final String CREATE_SESSION = "POST /checkouts";

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
	 * Charges the saved method. The default is a confirmed checkout session with {@code payment_method_id} and
	 * {@code redirect_immediately}: with the buyer's full billing address when it is known, with
	 * {@code minimal_address: true} when only the country and zipcode are (SDK 2.52). A charge with less than that
	 * is not sent: Dodo refuses a confirmed session without a zipcode, so it is refused here with
	 * {@code BILLING_ADDRESS_INCOMPLETE} and the offer hands out a checkout link, where Dodo asks the customer
	 * for the address. The deprecated one-time payment ({@code POST /payments}, the country only) is used only
	 * when the host chose it ({@link ChargeMethod#ONE_TIME_PAYMENT}).
	 * @param charge what to charge
	 * @param method the saved method
	 * @return the payment and session Dodo created
	 * @throws DodoApiException when Dodo refuses (4xx) or the outcome is unknown (5xx, timeout), or when the
	 * address is too incomplete to send (422 {@code BILLING_ADDRESS_INCOMPLETE}, nothing sent)
	 */
	public ChargeAttempt charge(OneClickCharge charge, PaymentMethod method) {
		List<CartItem> cart = charge.cart();
		BillingAddress address = charge.billingAddress();
		if (charge.method() == ChargeMethod.ONE_TIME_PAYMENT) {
			String country = (method.card() != null && method.card().cardIssuingCountry() != null)
					? method.card().cardIssuingCountry() : this.defaultBillingCountry;
			BillingAddress billing = (address != null) ? address : BillingAddress.country(country);
			PaymentCreated payment = this.dodo.createPayment(new OneTimePaymentRequest(billing,
					CustomerRef.existing(charge.customerId()), cart, method.paymentMethodId(), this.returnUrl,
					charge.metadata(), null, null, charge.discountCodes()));
			return new ChargeAttempt(payment.paymentId(), null, payment.paymentLink(), payment.clientSecret(), null);
		}
		if (address == null || !address.isMinimal()) {
			throw new DodoApiException(CREATE_SESSION, 422, "BILLING_ADDRESS_INCOMPLETE",
					"not sent: a confirmed checkout session needs the buyer's country and zipcode at least");
		}
		CheckoutSession session = this.dodo.createCheckoutSession(new CheckoutSessionRequest(cart,
				CustomerRef.existing(charge.customerId()), method.paymentMethodId(), true, this.returnUrl, null,
				charge.metadata(), null, address, FeatureFlags.oneClick(), address.isComplete() ? null : Boolean.TRUE,
				charge.discountCodes()));
		return new ChargeAttempt(session.paymentId(), session.sessionId(), session.checkoutUrl(),
				session.clientSecret(), session.publishableKey());
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
				null, null, this.returnUrl, null, charge.metadata(), null, null, null, null, charge.discountCodes()));
		if (session.checkoutUrl() == null) {
			throw new DodoApiException(CREATE_SESSION, 200, "NO_CHECKOUT_URL", "Dodo returned no checkout_url");
		}
		return session;
	}

	/**
	 * What a one-click charge created.
	 *
	 * @param paymentId the payment, when Dodo made one right away
	 * @param checkoutSessionId the checkout session, for the checkout-session path
	 * @param actionUrl a link where the customer can finish the payment, only when Dodo gave one (a confirmed
	 * session with a saved method has none: SDK 2.52, {@code checkout_url} "None when payment_method_id is
	 * provided")
	 * @param clientSecret the secret for Dodo's checkout SDK, where the customer finishes a payment that waits
	 * for them (3-D Secure)
	 * @param publishableKey the publishable key Dodo's checkout SDK is loaded with, when Dodo gave one
	 */
	public record ChargeAttempt(@Nullable String paymentId, @Nullable String checkoutSessionId,
			@Nullable String actionUrl, @Nullable String clientSecret, @Nullable String publishableKey) {
	}

}
