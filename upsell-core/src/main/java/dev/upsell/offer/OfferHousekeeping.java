package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;

import dev.upsell.offer.internal.OfferTransitions;

/**
 * Keeps the offer store tidy: expires presented offers past their TTL and redirected offers whose checkout link
 * ran out, deletes settled offers older than the retention, and the records of settled payments older than the
 * payment retention.
 */
public final class OfferHousekeeping {

	private final OfferTransitions transitions;

	/** How long settled payments are kept by default: Dodo's refund window is not documented; half a year. */
	public static final Duration DEFAULT_PAYMENT_RETENTION = Duration.ofDays(180);

	private final OfferSettings settings;

	private final Duration paymentRetention;

	/**
	 * Creates the housekeeping, keeping settled payments {@link #DEFAULT_PAYMENT_RETENTION}.
	 * @param transitions writes the offers
	 * @param settings the TTLs and the retention
	 */
	public OfferHousekeeping(OfferTransitions transitions, OfferSettings settings) {
		this(transitions, settings, DEFAULT_PAYMENT_RETENTION);
	}

	/**
	 * Creates the housekeeping.
	 * @param transitions writes the offers
	 * @param settings the TTLs and the retention
	 * @param paymentRetention how long the record of a settled payment is kept (late refunds, replays)
	 */
	public OfferHousekeeping(OfferTransitions transitions, OfferSettings settings, Duration paymentRetention) {
		this.transitions = transitions;
		this.settings = settings;
		this.paymentRetention = paymentRetention;
	}

	/**
	 * One round.
	 * @param batch the most offers to handle per kind of work
	 * @return how many offers changed or were deleted
	 */
	public int run(int batch) {
		Instant now = this.transitions.now();
		OfferRepository repository = this.transitions.repository();
		int changed = 0;
		for (Offer offer : repository.findByStatus(OfferStatus.PRESENTED, now.minus(this.settings.ttl()), batch)) {
			if (offer.isExpiredAt(now) && this.transitions.expire(offer).status() == OfferStatus.EXPIRED) {
				changed++;
			}
		}
		for (Offer offer : repository.findByStatus(OfferStatus.REDIRECTED, now.minus(this.settings.redirectTtl()),
				batch)) {
			if (this.transitions.expire(offer).status() == OfferStatus.EXPIRED) {
				changed++;
			}
		}
		return changed + repository.purgeClosed(now.minus(this.settings.retention()), batch)
				+ this.transitions.payments().purge(now.minus(this.paymentRetention), batch);
	}

}
