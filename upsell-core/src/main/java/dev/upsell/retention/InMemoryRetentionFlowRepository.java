package dev.upsell.retention;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Retention flows in memory: one instance, lost on restart. Thread-safe. */
public final class InMemoryRetentionFlowRepository implements RetentionFlowRepository {

	private static final Set<RetentionFlow.Status> MEASURED = EnumSet.of(RetentionFlow.Status.SAVED,
			RetentionFlow.Status.CANCELLED, RetentionFlow.Status.DOWNGRADED, RetentionFlow.Status.FAILED,
			RetentionFlow.Status.EXPIRED);

	private final Map<String, RetentionFlow> flows = new ConcurrentHashMap<>();

	private final Map<String, String> openSlots = new ConcurrentHashMap<>();

	@Override
	public synchronized void insert(RetentionFlow flow) {
		String slot = flow.openSlot();
		if (slot != null && this.openSlots.putIfAbsent(slot, flow.id()) != null) {
			throw new OpenFlowExistsException(flow.subscriptionId());
		}
		this.flows.put(flow.id(), flow.withVersion(0));
	}

	@Override
	public Optional<RetentionFlow> findById(String id) {
		return Optional.ofNullable(this.flows.get(id));
	}

	@Override
	public Optional<RetentionFlow> findOpen(String subscriptionId) {
		String id = this.openSlots.get(subscriptionId);
		return (id != null) ? findById(id) : Optional.empty();
	}

	@Override
	public List<RetentionFlow> findByCustomer(String customerId) {
		return this.flows.values()
			.stream()
			.filter((flow) -> flow.customerId().equals(customerId))
			.sorted(Comparator.comparing(RetentionFlow::createdAt).reversed())
			.toList();
	}

	@Override
	public synchronized Optional<RetentionFlow> compareAndSet(RetentionFlow expected, RetentionFlow updated) {
		RetentionFlow current = this.flows.get(expected.id());
		if (current == null || current.version() != expected.version()) {
			return Optional.empty();
		}
		RetentionFlow written = updated.withVersion(expected.version() + 1);
		if (current.openSlot() != null && written.openSlot() == null) {
			this.openSlots.remove(current.openSlot(), current.id());
		}
		this.flows.put(written.id(), written);
		return Optional.of(written);
	}

	@Override
	public List<RetentionFlow> findStale(Instant updatedBefore, int limit) {
		return this.flows.values()
			.stream()
			.filter((flow) -> flow.status().isOpen() && flow.updatedAt().isBefore(updatedBefore))
			.sorted(Comparator.comparing(RetentionFlow::updatedAt))
			.limit(limit)
			.toList();
	}

	@Override
	public List<RetentionFlow> findFlowsToMeasure(Instant updatedBefore, int limit) {
		return this.flows.values()
			.stream()
			.filter((flow) -> MEASURED.contains(flow.status()) && flow.reason() != null && flow.kept() == null
					&& flow.resumeAt() == null && flow.updatedAt().isBefore(updatedBefore))
			.sorted(Comparator.comparing(RetentionFlow::updatedAt))
			.limit(limit)
			.toList();
	}

	@Override
	public List<Tally> tally(Instant since) {
		Map<String, long[]> arms = new TreeMap<>();
		for (RetentionFlow flow : this.flows.values()) {
			if (flow.reason() == null || flow.createdAt().isBefore(since)) {
				continue;
			}
			String arm = (flow.variant() != null) ? flow.variant() : (flow.offerId() != null) ? flow.offerId() : "none";
			long[] counts = arms.computeIfAbsent(arm, (key) -> new long[4]);
			counts[0]++;
			counts[1] += (flow.status() == RetentionFlow.Status.SAVED) ? 1 : 0;
			counts[2] += (flow.kept() != null) ? 1 : 0;
			counts[3] += Boolean.TRUE.equals(flow.kept()) ? 1 : 0;
		}
		return arms.entrySet()
			.stream()
			.map((arm) -> new Tally(arm.getKey(), arm.getValue()[0], arm.getValue()[1], arm.getValue()[2],
					arm.getValue()[3]))
			.toList();
	}

	@Override
	public List<RetentionFlow> findPausesDue(Instant now, int limit) {
		return this.flows.values()
			.stream()
			.filter((flow) -> flow.status() == RetentionFlow.Status.SAVED && flow.resumeAt() != null
					&& !flow.resumeAt().isAfter(now))
			.sorted(Comparator.comparing(RetentionFlow::resumeAt))
			.limit(limit)
			.toList();
	}

}
