package dev.upsell.offer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;


/**
 * Experiments' assignments in memory and their results from the offers of one instance's in-memory store.
 */
public final class InMemoryExperimentLedger implements ExperimentLedger {

	private final Map<String, Assigned> assignments = new ConcurrentHashMap<>();

	private final Supplier<List<Offer>> offers;

	private final Map<String, Cancelled> cancellations = new ConcurrentHashMap<>();

	/**
	 * Creates the ledger.
	 * @param offers every offer of the store, e.g. {@code InMemoryOfferRepository::all}
	 */
	public InMemoryExperimentLedger(Supplier<List<Offer>> offers) {
		this.offers = offers;
	}

	@Override
	public String assign(String experimentId, String customerId, String variant, Instant at) {
		return this.assignments.computeIfAbsent(experimentId + "\u0000" + customerId,
				(key) -> new Assigned(experimentId, customerId, variant, at)).variant();
	}

	@Override
	public void subscriptionCancelled(String subscriptionId, String customerId, Instant at) {
		this.cancellations.putIfAbsent(subscriptionId, new Cancelled(customerId, at));
	}

	@Override
	public @Nullable String recorded(String experimentId, String customerId) {
		Assigned assigned = this.assignments.get(experimentId + "\u0000" + customerId);
		return (assigned != null) ? assigned.variant() : null;
	}

	@Override
	public List<ArmResult> results(String experimentId, Instant since) {
		Map<String, String> armOf = new HashMap<>();
		Map<String, long[]> customers = new TreeMap<>();
		for (Assigned assigned : this.assignments.values()) {
			if (assigned.experimentId().equals(experimentId) && !assigned.at().isBefore(since)) {
				armOf.put(assigned.customerId(), assigned.variant());
				customers.computeIfAbsent(assigned.variant(), (arm) -> new long[1])[0]++;
			}
		}
		List<Offer> all = this.offers.get();
		Map<String, Offer> byId = new HashMap<>();
		all.forEach((offer) -> byId.put(offer.id(), offer));
		Map<String, Tally> tallies = new TreeMap<>();
		customers.keySet().forEach((arm) -> tallies.put(arm, new Tally()));
		Map<String, Long> perCustomer = new HashMap<>();
		Map<String, java.util.Set<String>> paying = new HashMap<>();
		Map<String, java.util.Set<String>> cancelling = new HashMap<>();
		for (Offer offer : all) {
			String arm = armOf.get(offer.customerId());
			if (arm != null && experimentId.equals(offer.details().experiment())
					&& arm.equals(offer.details().variant())) {
				Tally tally = tallies.get(arm);
				long net = offer.paidAmount() - offer.refundedAmount();
				tally.exposures++;
				boolean accepted = offer.status() == OfferStatus.ACCEPTED || offer.status() == OfferStatus.REDIRECTED
						|| offer.status() == OfferStatus.CONVERTED
						|| (offer.status() == OfferStatus.FAILED && offer.paymentId() != null);
				tally.accepts += accepted ? 1 : 0;
				tally.conversions += (offer.status() == OfferStatus.CONVERTED) ? 1 : 0;
				tally.declines += (offer.status() == OfferStatus.DECLINED) ? 1 : 0;
				tally.refunds += (offer.refundedAmount() > 0) ? 1 : 0;
				tally.currency = Objects.requireNonNullElse(tally.currency, offer.price().currency());
				tally.net += net;
				tally.squaresPerExposure += (double) net * net;
				perCustomer.merge(offer.customerId(), net, Long::sum);
				if (offer.status() == OfferStatus.CONVERTED) {
					paying.computeIfAbsent(arm, (key) -> new java.util.HashSet<>()).add(offer.customerId());
					if (cancelledWithin(offer)) {
						cancelling.computeIfAbsent(arm, (key) -> new java.util.HashSet<>()).add(offer.customerId());
					}
				}
			}
			Offer parent = (offer.parentOfferId() != null) ? byId.get(offer.parentOfferId()) : null;
			if (parent != null && experimentId.equals(parent.details().experiment()) && parent.details().variant() != null
					&& tallies.containsKey(parent.details().variant())) {
				Tally tally = tallies.get(parent.details().variant());
				tally.laterOffers++;
				tally.laterDeclines += (offer.status() == OfferStatus.DECLINED) ? 1 : 0;
			}
		}
		perCustomer.forEach((customer, net) -> tallies.get(armOf.get(customer)).squaresPerCustomer += (double) net * net);
		List<ArmResult> results = new ArrayList<>();
		tallies.forEach((arm, tally) -> results.add(new ArmResult(arm, customers.get(arm)[0], tally.exposures,
				tally.conversions, tally.declines, tally.refunds, tally.currency, tally.net, tally.squaresPerExposure,
				tally.squaresPerCustomer, tally.laterOffers, tally.laterDeclines,
				paying.getOrDefault(arm, java.util.Set.of()).size(), cancelling.getOrDefault(arm, java.util.Set.of()).size(),
				tally.accepts)));
		return results;
	}

	/** Whether the offer's customer cancelled a subscription within the window after it. */
	private boolean cancelledWithin(Offer offer) {
		return this.cancellations.values()
			.stream()
			.anyMatch((cancelled) -> cancelled.customerId().equals(offer.customerId())
					&& !cancelled.at().isBefore(offer.createdAt())
					&& cancelled.at().isBefore(offer.createdAt().plus(CANCELLATION_WINDOW)));
	}

	private record Cancelled(String customerId, Instant at) {
	}

	private record Assigned(String experimentId, String customerId, String variant, Instant at) {
	}

	private static final class Tally {

		long exposures;

		long accepts;

		long conversions;

		long declines;

		long refunds;

		String currency;

		long net;

		double squaresPerExposure;

		double squaresPerCustomer;

		long laterOffers;

		long laterDeclines;

	}

}
