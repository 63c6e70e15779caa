package dev.upsell.offer.internal;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.Offer;

/**
 * Finds an accepted offer's payment at Dodo, with reads only, counting each call against the run's budget: the
 * payment if its id is known, else the checkout session's, else the customer's recent payments carrying the
 * offer's id in their metadata.
 */
public final class OfferPaymentLookup {

	private static final Log logger = LogFactory.getLog(OfferPaymentLookup.class);

	public static final int PAGE_SIZE = 50;

	public static final int MAX_PAGES = 4;

	private final DodoClient dodo;

	public OfferPaymentLookup(DodoClient dodo) {
		this.dodo = dodo;
	}

	public @Nullable Payment find(Offer offer, Calls calls) {
		if (offer.paymentId() != null) {
			calls.spend(1);
			try {
				return this.dodo.getPayment(offer.paymentId());
			}
			catch (DodoApiException ex) {
				if (ex.status() != 404) {
					throw ex;
				}
				// Dodo does not know it (another environment, a wiped sandbox): treat as no payment found
				logger.warn("Dodo has no payment " + LogText.id(offer.paymentId()) + " for offer " + offer.id());
				return null;
			}
		}
		if (offer.checkoutSessionId() != null) {
			calls.spend(1);
			CheckoutSessionStatus session = this.dodo.getCheckoutSession(offer.checkoutSessionId());
			if (session.paymentId() != null) {
				calls.spend(1);
				return this.dodo.getPayment(session.paymentId());
			}
		}
		PaymentQuery query = PaymentQuery.forCustomer(offer.customerId(), offer.createdAt().minus(Duration.ofMinutes(5)),
				PAGE_SIZE);
		for (int page = 0; page < MAX_PAGES; page++) {
			calls.spend(1);
			List<Payment> payments = this.dodo.listPayments(query.page(page));
			for (Payment payment : payments) {
				if (offer.id().equals(payment.metadata().get("offer_id"))) {
					// list items are not full payments (no error_code, checkout_session_id): read it by id
					calls.spend(1);
					return this.dodo.getPayment(payment.paymentId());
				}
			}
			if (payments.size() < PAGE_SIZE) {
				break;
			}
		}
		return null;
	}

	/** The Dodo calls one run has spent. Not thread-safe: one per run. */
	public static final class Calls {

		private final int budget;

		private int spent;

		public Calls(int budget) {
			this.budget = budget;
		}

		public void spend(int calls) {
			this.spent += calls;
		}

		public boolean spent() {
			return this.spent >= this.budget;
		}

	}

}
