package dev.upsell.offer;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FulfilmentOutbox} in this JVM, beside the in-memory offer store: it survives a failing listener, not a
 * restart (as the offers themselves). Use the JDBC store for deliveries that survive restarts.
 */
public final class InMemoryFulfilmentOutbox implements FulfilmentOutbox {

	private final Map<String, FulfilmentDelivery> deliveries = new LinkedHashMap<>();

	@Override
	public synchronized void add(List<FulfilmentDelivery> added) {
		added.forEach((delivery) -> this.deliveries.putIfAbsent(delivery.id(), delivery));
	}

	@Override
	public synchronized List<FulfilmentDelivery> claimDue(Instant now, Duration lease, int limit) {
		List<FulfilmentDelivery> due = this.deliveries.values()
			.stream()
			.filter((delivery) -> !delivery.gaveUp() && !delivery.nextAttemptAt().isAfter(now))
			.sorted(Comparator.comparing(FulfilmentDelivery::nextAttemptAt))
			.limit(limit)
			.toList();
		for (FulfilmentDelivery delivery : due) {
			this.deliveries.put(delivery.id(), new FulfilmentDelivery(delivery.id(), delivery.kind(), delivery.offerId(),
					delivery.paymentId(), delivery.refundId(), delivery.amount(), delivery.attempts(),
					delivery.createdAt(), now.plus(lease), delivery.lastError(), false));
		}
		return due;
	}

	@Override
	public synchronized void delivered(String id) {
		this.deliveries.remove(id);
	}

	@Override
	public synchronized void failed(FulfilmentDelivery delivery) {
		this.deliveries.put(delivery.id(), delivery);
	}

	@Override
	public synchronized List<FulfilmentDelivery> undelivered(int limit) {
		return this.deliveries.values()
			.stream()
			.sorted(Comparator.comparing((FulfilmentDelivery delivery) -> !delivery.gaveUp())
				.thenComparing(FulfilmentDelivery::createdAt))
			.limit(limit)
			.toList();
	}

	@Override
	public synchronized Counts counts() {
		long gaveUp = this.deliveries.values().stream().filter(FulfilmentDelivery::gaveUp).count();
		return new Counts(this.deliveries.size() - gaveUp, gaveUp);
	}

}
