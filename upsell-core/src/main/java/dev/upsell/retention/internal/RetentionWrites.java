package dev.upsell.retention.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.upsell.UpsellEventPublisher;
import dev.upsell.catalog.Money;
import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionFlowChanged;
import dev.upsell.retention.RetentionFlowRepository;

/**
 * The one writer of retention flows: every change a compare-and-set, published as {@link RetentionFlowChanged} once
 * written; a change decided again on the stored flow after a lost race. Thread-safe.
 */
public final class RetentionWrites {

	private static final int CAS_ATTEMPTS = 20;

	private final RetentionFlowRepository flows;

	private final UpsellEventPublisher events;

	private final Clock clock;

	/**
	 * Creates the writer.
	 * @param flows where flows live
	 * @param events where changes are published
	 * @param clock the time
	 */
	public RetentionWrites(RetentionFlowRepository flows, UpsellEventPublisher events, Clock clock) {
		this.flows = flows;
		this.events = events;
		this.clock = clock;
	}

	/** Where flows live. */
	public RetentionFlowRepository flows() {
		return this.flows;
	}

	/** The time now. */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Stores a new flow and publishes it.
	 * @param flow the flow
	 * @throws RetentionFlowRepository.OpenFlowExistsException when its subscription has an open flow
	 */
	public void insert(RetentionFlow flow) {
		this.flows.insert(flow);
		this.events.publish(new RetentionFlowChanged(null, flow));
	}

	/**
	 * One compare-and-set.
	 * @param expected the flow as read
	 * @param updated the changed flow
	 * @return the flow as written, or empty when another writer changed it first
	 */
	public Optional<RetentionFlow> attempt(RetentionFlow expected, RetentionFlow updated) {
		Optional<RetentionFlow> written = this.flows.compareAndSet(expected, updated);
		written.ifPresent((flow) -> this.events.publish(new RetentionFlowChanged(expected, flow)));
		return written;
	}

	/**
	 * One compare-and-set of a save's measure, published with the revenue it keeps per period.
	 * @param expected the flow as read
	 * @param updated the measured flow
	 * @param keptPerPeriod the subscription's recurring amount when kept, else {@code null}
	 * @return the flow as written, or empty when another writer changed it first
	 */
	public Optional<RetentionFlow> attemptMeasure(RetentionFlow expected, RetentionFlow updated,
			@Nullable Money keptPerPeriod) {
		Optional<RetentionFlow> written = this.flows.compareAndSet(expected, updated);
		written.ifPresent((flow) -> this.events.publish(new RetentionFlowChanged(expected, flow, keptPerPeriod)));
		return written;
	}

	/**
	 * A change decided on the stored flow, again after every lost race.
	 * @param flow the flow as read
	 * @param change the changed flow for a given current one, or {@code null} for no change
	 * @return the flow as it stands afterwards
	 */
	public RetentionFlow apply(RetentionFlow flow, UnaryOperator<@Nullable RetentionFlow> change) {
		RetentionFlow current = flow;
		for (int i = 0; i < CAS_ATTEMPTS; i++) {
			RetentionFlow next = change.apply(current);
			if (next == null) {
				return current;
			}
			Optional<RetentionFlow> written = attempt(current, next);
			if (written.isPresent()) {
				return written.get();
			}
			current = this.flows.findById(flow.id())
				.orElseThrow(() -> new IllegalStateException("Retention flow " + flow.id() + " disappeared"));
		}
		throw new IllegalStateException("Retention flow " + flow.id() + " keeps changing; try again");
	}

}
