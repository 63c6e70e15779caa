package dev.upsell.offer;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link OfferRepository}: a concurrent map in this JVM. Atomic per offer through
 * {@link ConcurrentMap#replace(Object, Object, Object)}; bounded because settled offers are purged (see
 * {@code dodo.upsell.offers.retention}). For several application instances use the JDBC repository.
 */
public final class InMemoryOfferRepository implements OfferRepository {

	private final ConcurrentMap<String, Offer> offers = new ConcurrentHashMap<>();

	/** Open slots taken, to the offer holding each ({@link Offer#openSlot()}). */
	private final ConcurrentMap<String, String> openSlots = new ConcurrentHashMap<>();

	/** When each accepted offer that reconciliation looked at is next due; absent: due since its acceptance. */
	private final ConcurrentMap<String, Instant> nextChecks = new ConcurrentHashMap<>();

	@Override
	public void insert(Offer offer) {
		String slot = offer.openSlot();
		if (slot != null && this.openSlots.putIfAbsent(slot, offer.id()) != null) {
			throw new OpenOfferExistsException(offer);
		}
		if (this.offers.putIfAbsent(offer.id(), offer) != null) {
			if (slot != null) {
				this.openSlots.remove(slot, offer.id());
			}
			throw new IllegalStateException("Offer " + offer.id() + " exists already");
		}
	}

	@Override
	public Optional<Offer> findById(String id) {
		return Optional.ofNullable(this.offers.get(id));
	}

	/**
	 * Every offer held, for the in-memory experiment ledger's results.
	 * @return a snapshot
	 */
	public List<Offer> all() {
		return List.copyOf(this.offers.values());
	}

	@Override
	public List<Offer> findByCustomer(String customerId) {
		return this.offers.values()
			.stream()
			.filter((offer) -> offer.customerId().equals(customerId))
			.sorted(Comparator.comparing(Offer::createdAt).reversed())
			.toList();
	}

	@Override
	public Optional<Offer> findByPaymentId(String paymentId) {
		return this.offers.values().stream().filter((offer) -> paymentId.equals(offer.paymentId())).findFirst();
	}

	@Override
	public Optional<Offer> compareAndSet(Offer expected, Offer updated) {
		Offer current = this.offers.get(expected.id());
		if (current == null || current.version() != expected.version() || current.status() != expected.status()) {
			return Optional.empty();
		}
		Offer written = updated.withVersion(current.version() + 1);
		if (!this.offers.replace(expected.id(), current, written)) {
			return Optional.empty();
		}
		if (current.openSlot() != null && written.openSlot() == null) {
			this.openSlots.remove(current.openSlot(), current.id());
		}
		if (written.status() != OfferStatus.ACCEPTED || current.status() != OfferStatus.ACCEPTED) {
			this.nextChecks.remove(expected.id());
		}
		return Optional.of(written);
	}

	@Override
	public List<Offer> findByStatus(OfferStatus status, Instant updatedBefore, int limit) {
		return this.offers.values()
			.stream()
			.filter((offer) -> offer.status() == status && offer.updatedAt().isBefore(updatedBefore))
			.sorted(Comparator.comparing(Offer::updatedAt))
			.limit(limit)
			.toList();
	}

	/**
	 * Due offers, as the JDBC store reads them: never looked at first (newest first), then those whose next check
	 * has come (earliest first); the claim moves the next check to the lease's end.
	 */
	@Override
	public List<Offer> claimForReconciliation(Instant updatedBefore, Instant now, java.time.Duration lease, int limit) {
		List<Offer> accepted = this.offers.values()
			.stream()
			.filter((offer) -> offer.status() == OfferStatus.ACCEPTED && offer.updatedAt().isBefore(updatedBefore))
			.toList();
		List<Offer> due = java.util.stream.Stream.concat(
				accepted.stream()
					.filter((offer) -> !this.nextChecks.containsKey(offer.id()))
					.sorted(Comparator.comparing(Offer::updatedAt).reversed()),
				accepted.stream()
					.filter((offer) -> this.nextChecks.containsKey(offer.id()) && !dueAt(offer).isAfter(now))
					.sorted(Comparator.comparing(this::dueAt)))
			.limit(limit)
			.toList();
		due.forEach((offer) -> this.nextChecks.put(offer.id(), now.plus(lease)));
		return due;
	}

	@Override
	public void scheduleNextCheck(String offerId, Instant at) {
		Offer offer = this.offers.get(offerId);
		if (offer != null && offer.status() == OfferStatus.ACCEPTED) {
			this.nextChecks.put(offerId, at);
		}
	}

	private Instant dueAt(Offer offer) {
		return this.nextChecks.getOrDefault(offer.id(), offer.updatedAt());
	}

	@Override
	public int purgeClosed(Instant updatedBefore, int limit) {
		AtomicInteger purged = new AtomicInteger();
		for (Offer offer : this.offers.values()) {
			if (purged.get() >= limit) {
				break;
			}
			if (!offer.status().isOpen() && offer.updatedAt().isBefore(updatedBefore)
					&& this.offers.remove(offer.id(), offer)) {
				purged.incrementAndGet();
			}
		}
		return purged.get();
	}

	/** Forgets every offer (between tests). */
	public void clear() {
		this.offers.clear();
		this.openSlots.clear();
		this.nextChecks.clear();
	}

	/** How many offers are held (for tests and the memory benchmark). */
	public int size() {
		return this.offers.size();
	}

}
