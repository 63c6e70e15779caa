package dev.upsell.offer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An experiment ledger for tests of what reads one: it answers the results it is given, records nothing as an arm
 * (every proposed arm is accepted), and keeps the cancellations it is told, in order.
 */
public final class FixedExperimentLedger implements ExperimentLedger {

	private final Supplier<List<ArmResult>> results;

	private final List<String> cancellations = new ArrayList<>();

	/**
	 * A ledger answering fixed results.
	 * @param results the arms
	 */
	public FixedExperimentLedger(ArmResult... results) {
		this(() -> List.of(results));
	}

	/**
	 * A ledger answering results computed when asked.
	 * @param results the arms, read at each call
	 */
	public FixedExperimentLedger(Supplier<List<ArmResult>> results) {
		this.results = results;
	}

	/** The cancellations told, as {@code "subscription customer instant"}. */
	public List<String> cancellations() {
		return this.cancellations;
	}

	@Override
	public String assign(String experimentId, String customerId, String variant, Instant at) {
		return variant;
	}

	@Override
	public String recorded(String experimentId, String customerId) {
		return null;
	}

	@Override
	public void subscriptionCancelled(String subscriptionId, String customerId, Instant at) {
		this.cancellations.add(subscriptionId + " " + customerId + " " + at);
	}

	@Override
	public List<ArmResult> results(String experimentId, Instant since) {
		return this.results.get();
	}

}
