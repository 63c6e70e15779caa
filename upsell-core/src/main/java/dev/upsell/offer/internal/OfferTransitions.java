package dev.upsell.offer.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.UpsellEventPublisher;
import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.FulfilmentDelivery;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.FulfilmentRelay;
import dev.upsell.offer.InMemoryFulfilmentOutbox;
import dev.upsell.offer.InMemorySettledPayments;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferFailed;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.OpenOfferExistsException;
import dev.upsell.offer.PaymentRefunded;
import dev.upsell.offer.SettledPayment;
import dev.upsell.offer.SettledPayments;

/**
 * The one writer of offers: every change is a named {@link OfferTransition}, written with a compare-and-set here, and every change written is
 * published as an {@link OfferChanged} application event. A change the host must act on (a conversion, a
 * failure) is recorded with it in the {@link FulfilmentOutbox} and delivered as {@link OfferConverted} or
 * {@link OfferFailed} by the {@link FulfilmentRelay}: at once, then until a delivery goes through. Thread-safe.
 */
public final class OfferTransitions {

	private static final Log logger = LogFactory.getLog(OfferTransitions.class);

	private static final int CAS_ATTEMPTS = 20;

	private final OfferRepository repository;

	private final UpsellEventPublisher events;

	private final Clock clock;

	private final SettledPayments payments;

	private final FulfilmentRelay relay;

	/**
	 * Creates the transitions, keeping settled payments and deliveries in memory.
	 * @param repository where offers live
	 * @param events where changes are published
	 * @param clock the time
	 */
	public OfferTransitions(OfferRepository repository, UpsellEventPublisher events, Clock clock) {
		this(repository, events, clock, new InMemorySettledPayments());
	}

	/**
	 * Creates the transitions, keeping deliveries in memory.
	 * @param repository where offers live
	 * @param events where changes are published
	 * @param clock the time
	 * @param payments where the payment of every offer that converts is recorded
	 */
	public OfferTransitions(OfferRepository repository, UpsellEventPublisher events, Clock clock,
			SettledPayments payments) {
		this(repository, events, clock, payments, new InMemoryFulfilmentOutbox(), FulfilmentRelay.Settings.defaults());
	}

	/**
	 * Creates the transitions.
	 * @param repository where offers live
	 * @param events where changes are published, and the host's listeners
	 * @param clock the time
	 * @param payments where the payment of every offer that converts is recorded
	 * @param outbox where what the host must act on is recorded with the change
	 * @param delivery how deliveries to the host are retried
	 */
	public OfferTransitions(OfferRepository repository, UpsellEventPublisher events, Clock clock,
			SettledPayments payments, FulfilmentOutbox outbox, FulfilmentRelay.Settings delivery) {
		this.repository = repository;
		this.events = events;
		this.clock = clock;
		this.payments = payments;
		this.relay = new FulfilmentRelay(outbox, repository, payments, events, clock, delivery);
	}

	/** Delivers conversions, failures and refunds to the host until it has handled them. */
	public FulfilmentRelay relay() {
		return this.relay;
	}

	/** The repository read from and written to. */
	public OfferRepository repository() {
		return this.repository;
	}

	/** The payments of converted offers, kept after the offers are purged. */
	public SettledPayments payments() {
		return this.payments;
	}

	/**
	 * Publishes a counted refund (no offer write needed: the offer may be purged) and delivers it to the host.
	 * @param refunded the event
	 */
	public void refunded(PaymentRefunded refunded) {
		this.events.publish(refunded);
		Instant now = now();
		List<FulfilmentDelivery> delivery = List.of(FulfilmentDelivery.refunded(refunded.payment(),
				refunded.refundId(), refunded.counted(), now, this.relay.claimUntil(now)));
		// recorded by a ledger that writes it in its own transaction already; else here, before delivering
		this.relay.outbox().add(delivery);
		this.relay.deliverNow(delivery);
	}

	/** The time now. */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * The customer's offer of a rule still open (shown and not expired, or being paid), if any: what a second request
	 * (a double click, another instance) answers instead of making another.
	 * @param customerId the customer
	 * @param ruleId the rule
	 * @return the open offer
	 */
	public Optional<Offer> openOffer(String customerId, String ruleId) {
		Instant now = now();
		return this.repository.findByCustomer(customerId)
			.stream()
			.filter((offer) -> offer.ruleId().equals(ruleId) && offer.status().isOpen() && !offer.isExpiredAt(now))
			.findFirst();
	}

	/**
	 * Stores a new offer and publishes it.
	 * @param offer the offer
	 * @return whether it was stored; {@code false} when the customer has an open offer of this rule already
	 */
	public boolean insert(Offer offer) {
		try {
			this.repository.insert(offer);
		}
		catch (OpenOfferExistsException ex) {
			return false;
		}
		this.events.publish(new OfferChanged(null, offer));
		return true;
	}

	/**
	 * One attempt at a transition: decided on the offer as read, written with one compare-and-set.
	 * @param expected the offer as read
	 * @param transition the change to make
	 * @return the offer as written; empty when the transition does not apply to it, or another writer changed it
	 * first
	 */
	public Optional<Offer> attempt(Offer expected, OfferTransition transition) {
		Offer next = transition.next(expected, now());
		return (next != null) ? write(expected, next) : Optional.empty();
	}

	/**
	 * A transition, with compare-and-set, decided again on the stored offer after every lost race.
	 * @param offer the offer as read
	 * @param transition the change to make
	 * @return the offer as it stands afterwards (unchanged when the transition does not apply to it)
	 */
	public Offer apply(Offer offer, OfferTransition transition) {
		Offer current = offer;
		for (int i = 0; i < CAS_ATTEMPTS; i++) {
			Offer next = transition.next(current, now());
			if (next == null) {
				return current;
			}
			Optional<Offer> written = write(current, next);
			if (written.isPresent()) {
				return written.get();
			}
			current = reload(current);
		}
		throw new IllegalStateException("Offer " + offer.id() + " keeps changing (" + transition + "); try again");
	}

	/** One compare-and-set: writes {@code updated} if the offer is still as {@code expected}. */
	private Optional<Offer> write(Offer expected, Offer updated) {
		List<FulfilmentDelivery> deliveries = deliveries(expected, updated);
		Optional<Offer> written = deliveries.isEmpty() ? this.repository.compareAndSet(expected, updated)
				: this.repository.compareAndSet(expected, updated, deliveries, this.relay.outbox());
		written.ifPresent((offer) -> {
			if (offer.status() == OfferStatus.CONVERTED && expected.status() != OfferStatus.CONVERTED
					&& offer.paymentId() != null && offer.kind() != OfferKind.ORDER_BUMP) {
				// (an order bump shares its checkout's payment with the host's own lines and other bumps: a refund of
				// that payment is the host's purchase's, not attributed to a bump)
				// the compact record that outlives the offer: late refunds and replays still find it (a refund of a
				// payment not recorded is recorded from its offer then, while the offer is kept)
				try {
					this.payments.record(SettledPayment.of(offer, now()));
				}
				catch (RuntimeException ex) {
					logger.warn("Payment of offer " + offer.id() + " could not be recorded now; a refund records it", ex);
				}
			}
			this.events.publish(new OfferChanged(expected, offer));
			// the host's fulfilment: delivered now, and again until it goes through; never fails this write
			this.relay.deliverNow(deliveries, offer);
		});
		return written;
	}

	/** What the host must be told of a change: a conversion or a failure, recorded with it. */
	private List<FulfilmentDelivery> deliveries(Offer expected, Offer updated) {
		boolean tells = expected.status() != updated.status()
				&& (updated.status() == OfferStatus.CONVERTED || updated.status() == OfferStatus.FAILED);
		if (!tells) {
			return List.of();
		}
		Instant now = now();
		return List.of(FulfilmentDelivery.of(updated, now, this.relay.claimUntil(now)));
	}

	/**
	 * Expires a presented offer past its expiry, or a redirected offer (its link ran out).
	 * @param offer the offer
	 * @return the offer as it stands afterwards
	 */
	public Offer expire(Offer offer) {
		return apply(offer, OfferTransition.expired());
	}

	/**
	 * The stored offer.
	 * @param offer an offer read before
	 * @return it as stored now
	 * @throws IllegalStateException when it was deleted
	 */
	public Offer reload(Offer offer) {
		return this.repository.findById(offer.id())
			.orElseThrow(() -> new IllegalStateException("Offer " + offer.id() + " disappeared"));
	}

	/**
	 * Publishes that a customer was held out of an experiment (no offer written, so no {@link OfferChanged}).
	 * @param heldOut the event
	 */
	public void heldOut(OfferHeldOut heldOut) {
		this.events.publish(heldOut);
	}

}
