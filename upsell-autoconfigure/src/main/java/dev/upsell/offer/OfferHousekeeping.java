package dev.upsell.offer;

import java.time.Instant;

/**
 * Keeps the offer store tidy: expires presented offers past their TTL and redirected offers whose checkout link
 * ran out, and deletes settled offers older than the retention.
 */
public final class OfferHousekeeping {

	private final OfferTransitions transitions;

	private final OfferSettings settings;

	/**
	 * Creates the housekeeping.
	 * @param transitions writes the offers
	 * @param settings the TTLs and the retention
	 */
	public OfferHousekeeping(OfferTransitions transitions, OfferSettings settings) {
		this.transitions = transitions;
		this.settings = settings;
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
		return changed + repository.purgeClosed(now.minus(this.settings.retention()), batch);
	}

}
