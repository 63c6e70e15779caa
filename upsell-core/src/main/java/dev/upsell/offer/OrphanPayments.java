package dev.upsell.offer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.UpsellEventPublisher;

/**
 * Dodo payments that carry an {@code offer_id} no offer accounts for: money taken for an offer that was lost
 * (an in-memory store restarted, a wiped database, a store shared wrongly between environments), or a second
 * payment for an offer that converted already.
 * Found by the webhook and by reconciliation's scan of recent payments; each is reported once: logged with its
 * payment id, counted ({@code upsell.orphan.payments}) and listed on the {@code upsell} actuator endpoint, so a
 * lost offer is never silent. Thread-safe.
 */
public final class OrphanPayments {

	private static final Log logger = LogFactory.getLog(OrphanPayments.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private static final int REMEMBERED = 10_000;

	private static final int LISTED = 100;

	private final UpsellEventPublisher events;

	private final Set<String> seen = new LinkedHashSet<>();

	private final Deque<String> recent = new ArrayDeque<>();

	private long count;

	/**
	 * Creates the register.
	 * @param events where each orphan is published once ({@link OrphanPaymentFound})
	 */
	public OrphanPayments(UpsellEventPublisher events) {
		this.events = events;
	}

	/**
	 * Reports a payment whose offer the store does not know; a payment reported before is ignored.
	 * @param paymentId the Dodo payment
	 * @param offerId the {@code offer_id} it carries
	 * @return whether it was new
	 */
	public boolean report(String paymentId, String offerId) {
		String payment = safe(paymentId);
		synchronized (this) {
			if (!this.seen.add(payment)) {
				return false;
			}
			if (this.seen.size() > REMEMBERED) {
				this.seen.remove(this.seen.iterator().next());
			}
			this.recent.addFirst(payment);
			if (this.recent.size() > LISTED) {
				this.recent.removeLast();
			}
			this.count++;
		}
		logger.error("Orphan payment " + payment + ": Dodo took money for offer " + safe(offerId)
				+ " that no offer of this store accounts for (unknown, or paid twice); refund or fulfil it by hand");
		this.events.publish(new OrphanPaymentFound(payment));
		return true;
	}

	/** How many orphan payments were found since start. */
	public synchronized long count() {
		return this.count;
	}

	/** The most recent orphan payment ids (at most 100), newest first. */
	public synchronized List<String> recent() {
		return List.copyOf(this.recent);
	}

	/** Ids only: anything else never reaches a log line as it came. */
	private static String safe(String id) {
		return ID.matcher(id).matches() ? id : "<malformed id>";
	}

}
