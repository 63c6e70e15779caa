package dev.upsell.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;

/** Heap per open offer in the in-memory store, and whether expired offers are released by the purge. */
final class OfferMemory {

	record Result(int offers, double bytesPerOffer, double bytesPerOfferAfterPurge) {
	}

	private OfferMemory() {
	}

	static Result run(int count) {
		InMemoryOfferRepository repository = new InMemoryOfferRepository();
		long before = usedHeap();
		Instant now = Instant.now();
		byte[] random = new byte[16];
		for (int i = 0; i < count; i++) {
			ThreadLocalRandom.current().nextBytes(random);
			repository.insert(new Offer("off_" + HexFormat.of().formatHex(random), "cus_" + i, "coaching",
					OfferKind.UPSELL, "prod_coaching", 1, new Money(9900, "USD"), OfferStatus.PRESENTED, null, 0, now,
					now.plusSeconds(1800), now, "prod_course", "pay_" + i, null, null, null, null, null, 0, 0, Map.of()));
		}
		long filled = usedHeap();
		expireAll(repository, now, count);
		while (repository.purgeClosed(now.plusSeconds(1), 10_000) > 0) {
			// purge in batches, as housekeeping does
		}
		long purged = usedHeap();
		if (repository.size() != 0) {
			throw new IllegalStateException(repository.size() + " offers left after the purge");
		}
		return new Result(count, (double) (filled - before) / count, (double) (purged - before) / count);
	}

	/** In its own method, so the list of expired offers is garbage once it returns (interpreted frames keep locals). */
	private static void expireAll(InMemoryOfferRepository repository, Instant now, int count) {
		for (Offer offer : repository.findByStatus(OfferStatus.PRESENTED, now.plusSeconds(1), count)) {
			repository.compareAndSet(offer, offer.moveTo(OfferStatus.EXPIRED, now));
		}
	}

	private static long usedHeap() {
		for (int i = 0; i < 4; i++) {
			System.gc();
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
