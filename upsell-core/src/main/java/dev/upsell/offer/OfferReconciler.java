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

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.internal.OfferPaymentLookup;
import dev.upsell.offer.internal.OfferSettlement;

/**
 * Settles offers left {@code ACCEPTED} without an outcome (a lost response, a missed webhook) by asking Dodo:
 * the payment if its id is known, else the checkout session, else the customer's recent payments carrying
 * the offer's id in their metadata. Only reads: it never charges. An offer with no payment found after
 * {@code giveUpAfter} fails with {@code NO_PAYMENT_FOUND} (a payment turning up later still converts it).
 */
public final class OfferReconciler {

	private static final Log logger = LogFactory.getLog(OfferReconciler.class);

	private static final int PAGE_SIZE = OfferPaymentLookup.PAGE_SIZE;

	private static final int MAX_PAGES = OfferPaymentLookup.MAX_PAGES;

	/** Orphan scans overlap, so a payment created while the previous scan ran is not missed. */
	private static final Duration ORPHAN_SCAN_OVERLAP = Duration.ofMinutes(10);

	private final OfferRepository repository;

	private final OfferSettlement offers;

	private final DodoClient dodo;

	private final Clock clock;

	private final Timings timings;

	private final OfferPaymentLookup payments;

	private volatile @Nullable Instant lastOrphanScan;

	/** Until when Dodo asked (429) not to be called: no run looks anything up before. */
	private volatile @Nullable Instant pausedUntil;

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
		this.payments = new OfferPaymentLookup(dodo);
	}

	/**
	 * Looks up one batch of due accepted offers, those this instance claimed (see
	 * {@link OfferRepository#claimForReconciliation}), within the run's budget of Dodo calls. An offer without an
	 * outcome is next due by backoff (a quarter of its age, from {@code after} up to {@code maxInterval}), or
	 * after the billing date for a scheduled plan change. Dodo's 429 ends the run and pauses reconciliation for
	 * its {@code Retry-After}; claimed offers not looked at are handed back at once.
	 * @param batch the most offers to look up
	 * @return how many were settled
	 */
	public int reconcile(int batch) {
		Instant now = this.clock.instant();
		Instant paused = this.pausedUntil;
		if (paused != null && now.isBefore(paused)) {
			return 0;
		}
		OfferPaymentLookup.Calls calls = new OfferPaymentLookup.Calls(this.timings.maxCallsPerRun());
		int settled = 0;
		for (Offer offer : this.repository.claimForReconciliation(now.minus(this.timings.after()), now,
				this.timings.lease(), Math.min(batch, this.timings.maxCallsPerRun()))) {
			if (calls.spent() || this.pausedUntil != null && now.isBefore(this.pausedUntil)) {
				// not looked at: due again at once, for the next run (or another instance)
				this.repository.scheduleNextCheck(offer.id(), now);
				continue;
			}
			Instant next;
			try {
				next = reconcile(offer, now, calls);
			}
			catch (DodoApiException ex) {
				next = failed(offer, now, ex);
			}
			catch (RuntimeException ex) {
				// one offer that cannot be settled must not stop the rest of the batch
				logger.error("Reconciling offer " + offer.id() + " failed; the rest of the batch goes on", ex);
				next = backoff(offer, now);
			}
			if (next == null) {
				settled++;
			}
			else {
				this.repository.scheduleNextCheck(offer.id(), next);
			}
		}
		return settled;
	}

	/** A Dodo error: a 429 pauses every run for Dodo's Retry-After; anything else backs the offer off. */
	private Instant failed(Offer offer, Instant now, DodoApiException ex) {
		if (ex.status() == 429) {
			Duration wait = ex.retryAfter().filter((after) -> !after.isNegative()).orElse(DEFAULT_RATE_LIMIT_PAUSE);
			this.pausedUntil = now.plus(wait);
			logger.warn("Dodo is rate limiting reconciliation (429); pausing it for " + wait);
			return this.pausedUntil;
		}
		logger.warn("Could not reconcile offer " + offer.id() + " now: " + ex.getMessage());
		return backoff(offer, now);
	}

	/** When an offer without an outcome is next looked at: a quarter of its age, within after and maxInterval. */
	private Instant backoff(Offer offer, Instant now) {
		Duration age = Duration.between(offer.updatedAt(), now);
		Duration delay = age.dividedBy(4);
		if (delay.compareTo(this.timings.after()) < 0) {
			delay = this.timings.after();
		}
		if (delay.compareTo(this.timings.maxInterval()) > 0) {
			delay = this.timings.maxInterval();
		}
		return now.plus(delay);
	}

	/** Looks one offer up; its next check, or {@code null} when it is settled. */
	private @Nullable Instant reconcile(Offer offer, Instant now, OfferPaymentLookup.Calls calls) {
		String subscriptionId = offer.context().get(Offer.SUBSCRIPTION_ID);
		if (subscriptionId != null && offer.isPlanChange()) {
			calls.spend(1);
			Subscription subscription = this.dodo.getSubscription(subscriptionId);
			if (this.offers.planChanged(subscriptionId, subscription.productId(), offer.customerId()) > 0) {
				return null;
			}
			if (isScheduled(subscription, offer.productId())) {
				// a change at the next billing date: subscription.plan_changed converts it then, not a timeout now;
				// looked at again after that date, not every minute until it
				Instant billing = subscription.nextBillingDate();
				return (billing != null && billing.isAfter(now)) ? billing.plus(this.timings.after())
						: backoff(offer, now);
			}
			if (offer.paymentId() == null) {
				return giveUpIfDue(offer, now, "NO_PAYMENT_FOUND");
			}
		}
		Payment payment = this.payments.find(offer, calls);
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
			return null;
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

	/** Fails the offer past the horizon ({@code null}: settled), else its next check by backoff. */
	private @Nullable Instant giveUpIfDue(Offer offer, Instant now, String reason) {
		if (offer.updatedAt().plus(this.timings.giveUpAfter()).isBefore(now)) {
			logger.warn("No outcome for offer " + offer.id() + " accepted at " + offer.updatedAt() + " (" + reason
					+ "); marking it failed");
			boolean failed = this.offers.unresolved(offer.id(), reason)
				.map((o) -> o.status() != OfferStatus.ACCEPTED)
				.orElse(true);
			return failed ? null : backoff(offer, now);
		}
		return backoff(offer, now);
	}

	/** How long reconciliation pauses after a 429 that named no Retry-After. */
	static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofMinutes(1);

	/**
	 * When reconciliation looks and gives up, and how much it asks of Dodo.
	 *
	 * @param after how long an offer stays accepted before it is first looked up; the shortest backoff
	 * @param giveUpAfter the horizon: how long after acceptance an offer without an outcome fails
	 * @param lease how long one instance's claim on an offer keeps the others from looking it up too
	 * @param maxInterval the longest backoff between two looks at one offer
	 * @param maxCallsPerRun the Dodo calls one run may make (a soft bound: the offer being looked at finishes)
	 */
	public record Timings(Duration after, Duration giveUpAfter, Duration lease, Duration maxInterval,
			int maxCallsPerRun) {

		/** The default backoff cap. */
		public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofHours(1);

		/** The default budget of Dodo calls per run. */
		public static final int DEFAULT_MAX_CALLS_PER_RUN = 120;

		/**
		 * Timings with the default backoff cap and call budget.
		 * @param after how long an offer stays accepted before it is first looked up
		 * @param giveUpAfter the horizon
		 * @param lease how long a claim holds
		 */
		public Timings(Duration after, Duration giveUpAfter, Duration lease) {
			this(after, giveUpAfter, lease, DEFAULT_MAX_INTERVAL, DEFAULT_MAX_CALLS_PER_RUN);
		}

	}

}
