package dev.upsell.offer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.LogText;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.Subscription;

/**
 * Settles offers left {@code ACCEPTED} without an outcome (a lost response, a missed webhook) by asking Dodo:
 * the payment if its id is known, else the checkout session, else the customer's recent payments carrying
 * the offer's id in their metadata. Only reads: it never charges. An offer with no payment found after
 * {@code giveUpAfter} fails with {@code NO_PAYMENT_FOUND} (a payment turning up later still converts it).
 */
public final class OfferReconciler {

	private static final Log logger = LogFactory.getLog(OfferReconciler.class);

	private static final int PAGE_SIZE = 50;

	private static final int MAX_PAGES = 4;

	/** Orphan scans overlap, so a payment created while the previous scan ran is not missed. */
	private static final Duration ORPHAN_SCAN_OVERLAP = Duration.ofMinutes(10);

	private final OfferRepository repository;

	private final OfferSettlement offers;

	private final DodoClient dodo;

	private final Clock clock;

	private final Timings timings;

	private volatile @Nullable Instant lastOrphanScan;

	/**
	 * Creates the reconciler.
	 * @param repository where offers live; claims the offers each run looks up
	 * @param offers settles what is found
	 * @param dodo the Dodo client (reads only)
	 * @param clock the time
	 * @param timings when to look, when to give up, how long a claim holds
	 */
	public OfferReconciler(OfferRepository repository, OfferSettlement offers, DodoClient dodo, Clock clock,
			Timings timings) {
		this.repository = repository;
		this.offers = offers;
		this.dodo = dodo;
		this.clock = clock;
		this.timings = timings;
	}

	/**
	 * Looks up one batch of stale accepted offers, those this instance claimed (see
	 * {@link OfferRepository#claimForReconciliation}).
	 * @param batch the most offers to look up
	 * @return how many were settled
	 */
	public int reconcile(int batch) {
		Instant now = this.clock.instant();
		int settled = 0;
		for (Offer offer : this.repository.claimForReconciliation(now.minus(this.timings.after()), now,
				this.timings.lease(), batch)) {
			try {
				if (reconcile(offer, now)) {
					settled++;
				}
			}
			catch (DodoApiException ex) {
				logger.warn("Could not reconcile offer " + offer.id() + " now: " + ex.getMessage());
			}
			catch (RuntimeException ex) {
				// one offer that cannot be settled must not stop the rest of the batch
				logger.error("Reconciling offer " + offer.id() + " failed; the rest of the batch goes on", ex);
			}
		}
		return settled;
	}

	private boolean reconcile(Offer offer, Instant now) {
		String subscriptionId = offer.context().get(Offer.SUBSCRIPTION_ID);
		if (subscriptionId != null && offer.isPlanChange()) {
			Subscription subscription = this.dodo.getSubscription(subscriptionId);
			if (this.offers.planChanged(subscriptionId, subscription.productId(), offer.customerId()) > 0) {
				return true;
			}
			if (isScheduled(subscription, offer.productId())) {
				// a change at the next billing date: subscription.plan_changed converts it then, not a timeout now
				return false;
			}
			if (offer.paymentId() == null) {
				return giveUpIfDue(offer, now, "NO_PAYMENT_FOUND");
			}
		}
		Payment payment = findPayment(offer);
		if (payment == null) {
			return giveUpIfDue(offer, now, "NO_PAYMENT_FOUND");
		}
		Optional<Offer> result = switch (payment.status()) {
			case SUCCEEDED -> this.offers.paymentSucceeded(offer.id(), payment);
			case FAILED, CANCELLED -> this.offers.paymentFailed(offer.id(), payment);
			default -> Optional.empty();
		};
		boolean done = result.map((settled) -> settled.status() != OfferStatus.ACCEPTED).orElse(false);
		if (done) {
			logger.info("Reconciled offer " + offer.id() + " from payment " + LogText.id(payment.paymentId()) + ": "
					+ payment.status());
			return true;
		}
		// a payment that never finishes (3-D Secure left open, a payment method never given) ends at the horizon,
		// with its own status as the reason; should it succeed after all, it still converts the offer
		return giveUpIfDue(offer, now, "PAYMENT_" + payment.status().name());
	}

	private static boolean isScheduled(Subscription subscription, String productId) {
		Map<String, Object> scheduled = subscription.scheduledChange();
		return scheduled != null && productId.equals(scheduled.get("product_id"));
	}

	/**
	 * Scans the successful payments made since the last scan (the first one looks back the give-up horizon)
	 * for an {@code offer_id} this store does not know, and reports each to {@code orphans}.
	 * @param orphans where to report them
	 * @return how many new orphans were found
	 */
	public int findOrphans(OrphanPayments orphans) {
		Instant now = this.clock.instant();
		Instant since = (this.lastOrphanScan != null) ? this.lastOrphanScan.minus(ORPHAN_SCAN_OVERLAP)
				: now.minus(this.timings.giveUpAfter());
		PaymentQuery query = new PaymentQuery(null, null, null, PaymentStatus.SUCCEEDED, since, null, 0, PAGE_SIZE);
		int found = 0;
		for (int page = 0; page < MAX_PAGES; page++) {
			List<Payment> payments = this.dodo.listPayments(query.page(page));
			for (Payment payment : payments) {
				String offerId = payment.metadata().get("offer_id");
				if (offerId != null && this.repository.findById(offerId).isEmpty()
						&& !this.offers.isSettled(payment.paymentId()) && orphans.report(payment.paymentId(), offerId)) {
					found++;
				}
			}
			if (payments.size() < PAGE_SIZE) {
				break;
			}
		}
		this.lastOrphanScan = now;
		return found;
	}

	private boolean giveUpIfDue(Offer offer, Instant now, String reason) {
		if (offer.updatedAt().plus(this.timings.giveUpAfter()).isBefore(now)) {
			logger.warn("No outcome for offer " + offer.id() + " accepted at " + offer.updatedAt() + " (" + reason
					+ "); marking it failed");
			return this.offers.unresolved(offer.id(), reason).map((o) -> o.status() == OfferStatus.FAILED).orElse(false);
		}
		return false;
	}

	private @Nullable Payment findPayment(Offer offer) {
		if (offer.paymentId() != null) {
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
			CheckoutSessionStatus session = this.dodo.getCheckoutSession(offer.checkoutSessionId());
			if (session.paymentId() != null) {
				return this.dodo.getPayment(session.paymentId());
			}
		}
		PaymentQuery query = PaymentQuery.forCustomer(offer.customerId(), offer.createdAt().minus(Duration.ofMinutes(5)),
				PAGE_SIZE);
		for (int page = 0; page < MAX_PAGES; page++) {
			List<Payment> payments = this.dodo.listPayments(query.page(page));
			for (Payment payment : payments) {
				if (offer.id().equals(payment.metadata().get("offer_id"))) {
					// list items are not full payments (no error_code, checkout_session_id): read it by id
					return this.dodo.getPayment(payment.paymentId());
				}
			}
			if (payments.size() < PAGE_SIZE) {
				break;
			}
		}
		return null;
	}

	/**
	 * When reconciliation looks and gives up.
	 *
	 * @param after how long an offer stays accepted before it is looked up
	 * @param giveUpAfter how long after acceptance an offer without any payment fails
	 * @param lease how long one instance's claim on an offer keeps the others from looking it up too
	 */
	public record Timings(Duration after, Duration giveUpAfter, Duration lease) {
	}

}
