package dev.upsell.offer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.UpsellEventPublisher;

/**
 * Delivers what the host must act on ({@link OfferConverted}, {@link OfferFailed}, {@link OfferRefunded}) to its
 * listeners, from the {@link FulfilmentOutbox}: once right after the change, on the thread that made it, then
 * with backoff until a delivery goes through (a listener that throws fails the delivery). Never throws to the
 * caller: the customer's answer does not depend on the shop's fulfilment. Retries are bounded
 * ({@link Settings#maxAttempts()}); a delivery given up stays listed as stuck. Thread-safe.
 */
public final class FulfilmentRelay {

	private static final Log logger = LogFactory.getLog(FulfilmentRelay.class);

	private final FulfilmentOutbox outbox;

	private final OfferRepository offers;

	private final SettledPayments payments;

	private final UpsellEventPublisher events;

	private final Clock clock;

	private final Settings settings;

	/**
	 * Creates the relay.
	 * @param outbox the deliveries owed
	 * @param offers reads the offer a delivery names
	 * @param payments reads the payment a refund delivery names
	 * @param events the host's listeners
	 * @param clock the time
	 * @param settings backoff and bounds
	 */
	public FulfilmentRelay(FulfilmentOutbox outbox, OfferRepository offers, SettledPayments payments,
			UpsellEventPublisher events, Clock clock, Settings settings) {
		this.outbox = outbox;
		this.offers = offers;
		this.payments = payments;
		this.events = events;
		this.clock = clock;
		this.settings = settings;
	}

	/** The deliveries owed. */
	public FulfilmentOutbox outbox() {
		return this.outbox;
	}

	/**
	 * Until when the writer of a new delivery keeps other instances off it, while delivering it at once.
	 * @param now the time the delivery is written
	 * @return the end of the writer's claim
	 */
	public Instant claimUntil(Instant now) {
		return now.plus(this.settings.lease());
	}

	/**
	 * Delivers records just written by this thread (claimed by it), at once.
	 * @param deliveries the deliveries
	 */
	public void deliverNow(List<FulfilmentDelivery> deliveries) {
		deliveries.forEach((delivery) -> deliver(delivery, null));
	}

	/**
	 * Delivers the records of a change just written by this thread, at once, telling of the offer as written
	 * (no read of the store).
	 * @param deliveries the deliveries of the change
	 * @param written the offer as the change wrote it
	 */
	public void deliverNow(List<FulfilmentDelivery> deliveries, Offer written) {
		deliveries.forEach((delivery) -> deliver(delivery, written));
	}

	/**
	 * Delivers the due records this instance claims.
	 * @param limit most to deliver
	 * @return how many went through
	 */
	public int deliverDue(int limit) {
		int delivered = 0;
		for (FulfilmentDelivery delivery : this.outbox.claimDue(this.clock.instant(), this.settings.lease(), limit)) {
			if (deliver(delivery, null)) {
				delivered++;
			}
		}
		return delivered;
	}

	private boolean deliver(FulfilmentDelivery delivery, @Nullable Offer written) {
		Optional<Object> event;
		try {
			event = eventFor(delivery, written);
		}
		catch (RuntimeException ex) {
			// the store cannot be read now: the record stays, and is tried again
			failed(delivery, ex);
			return false;
		}
		if (event.isEmpty()) {
			logger.error("Delivery " + delivery.id() + " names an offer or payment no longer kept; dropped");
			this.outbox.delivered(delivery.id());
			return false;
		}
		try {
			this.events.publish(event.get());
		}
		catch (RuntimeException ex) {
			failed(delivery, ex);
			return false;
		}
		try {
			this.outbox.delivered(delivery.id());
		}
		catch (RuntimeException ex) {
			// delivered, but still recorded: it comes again, which the listener's delivery id makes harmless
			logger.warn("Delivery " + delivery.id() + " went through but could not be marked so; it may come again");
		}
		return true;
	}

	private Optional<Object> eventFor(FulfilmentDelivery delivery, @Nullable Offer written) {
		return switch (delivery.kind()) {
			case CONVERTED -> offer(delivery, written).map(OfferConverted::new);
			case FAILED -> offer(delivery, written).map(OfferFailed::new);
			case REFUNDED -> this.payments.find(delivery.paymentId())
				.map((payment) -> new OfferRefunded(payment, delivery.refundId(), delivery.amount()));
		};
	}

	/** The offer a delivery tells of: as just written, else as stored now. */
	private Optional<Offer> offer(FulfilmentDelivery delivery, @Nullable Offer written) {
		if (written != null && written.id().equals(delivery.offerId())) {
			return Optional.of(written);
		}
		return this.offers.findById(delivery.offerId());
	}

	private void failed(FulfilmentDelivery delivery, RuntimeException ex) {
		boolean giveUp = delivery.attempts() + 1 >= this.settings.maxAttempts();
		Instant next = this.clock.instant().plus(backoff(delivery.attempts()));
		// the type only: a listener's message may hold the customer's data
		String error = ex.getClass().getName();
		FulfilmentDelivery failed = delivery.failedAttempt(next, error.substring(0, Math.min(error.length(), 255)),
				giveUp);
		try {
			this.outbox.add(List.of(failed));
			this.outbox.failed(failed);
		}
		catch (RuntimeException storeFailure) {
			logger.error("Delivery " + delivery.id() + " failed and could not be rescheduled; it is retried when its "
					+ "claim ends", storeFailure);
		}
		try {
			this.events.publish(new DeliveryFailed(failed));
		}
		catch (RuntimeException ignored) {
			// a listener of this notice failing changes nothing: the delivery is rescheduled
		}
		if (giveUp) {
			logger.error("Delivery " + delivery.id() + " failed " + failed.attempts() + " times (" + error
					+ "); no more retries: it is listed as stuck on the upsell actuator endpoint");
		}
		else {
			logger.warn("Delivery " + delivery.id() + " failed (attempt " + failed.attempts() + ", " + error
					+ "); trying again at " + next, ex);
		}
	}

	/** 10 s, doubled per attempt, at most {@link Settings#maxBackoff()}. */
	private Duration backoff(int attempts) {
		Duration delay = this.settings.firstBackoff().multipliedBy(1L << Math.min(attempts, 20));
		return (delay.compareTo(this.settings.maxBackoff()) > 0) ? this.settings.maxBackoff() : delay;
	}

	/**
	 * How deliveries are retried.
	 *
	 * @param firstBackoff the wait after the first failed attempt, doubled after each
	 * @param maxBackoff the longest wait between attempts
	 * @param maxAttempts attempts before a delivery is given up (listed as stuck)
	 * @param lease how long one instance's claim keeps the others off a delivery
	 */
	public record Settings(Duration firstBackoff, Duration maxBackoff, int maxAttempts, Duration lease) {

		/** 10 s doubling to 1 h, 30 attempts (about a day), a 1 minute claim. */
		public static Settings defaults() {
			return new Settings(Duration.ofSeconds(10), Duration.ofHours(1), 30, Duration.ofMinutes(1));
		}

	}

}
