package dev.upsell.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.upsell.offer.FulfilmentRelay;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferHousekeeping;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.retention.RetentionMaintenance;

/**
 * Runs offer housekeeping (expiry, purge) and, when given a reconciler, reconciliation and the orphan payment
 * scan, at a fixed delay from application start to shutdown, on a scheduler built by Boot's
 * {@code SimpleAsyncTaskSchedulerBuilder} (so it follows {@code spring.threads.virtual.enabled} and the
 * {@code spring.task.scheduling.*} settings). Stopping never interrupts a run: a Dodo call in flight finishes,
 * and stop waits for it, bounded by {@code shutdownWait}.
 */
public final class OfferMaintenance implements SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(OfferMaintenance.class);

	private static final int BATCH = 500;

	private final OfferHousekeeping housekeeping;

	private final @Nullable OfferReconciler reconciler;

	private final @Nullable OrphanPayments orphans;

	private final Duration interval;

	private final SimpleAsyncTaskScheduler scheduler;

	private final Duration shutdownWait;

	private final ReentrantLock running = new ReentrantLock();

	private @Nullable ScheduledFuture<?> schedule;

	private @Nullable FulfilmentRelay relay;

	private @Nullable RetentionMaintenance retention;

	private Duration deliveryPoll = Duration.ofSeconds(10);

	private @Nullable ScheduledFuture<?> deliveries;

	/**
	 * Creates the maintenance.
	 * @param housekeeping expiry and purge
	 * @param reconciler the reconciler, or {@code null} when reconciliation is off
	 * @param orphans where orphan payments are reported, or {@code null} for no scan
	 * @param interval the delay between runs
	 * @param scheduler runs it; closed with the context
	 * @param shutdownWait how long stopping waits for a run under way
	 */
	public OfferMaintenance(OfferHousekeeping housekeeping, @Nullable OfferReconciler reconciler,
			@Nullable OrphanPayments orphans, Duration interval, SimpleAsyncTaskScheduler scheduler,
			Duration shutdownWait) {
		this.housekeeping = housekeeping;
		this.reconciler = reconciler;
		this.orphans = orphans;
		this.interval = interval;
		this.scheduler = scheduler;
		this.shutdownWait = shutdownWait;
	}

	/**
	 * Also delivers the conversions, failures and refunds owed to the host's listeners, every {@code poll}.
	 * @param relay the relay
	 * @param poll how often due deliveries are looked for
	 * @return this maintenance
	 */
	public OfferMaintenance delivering(FulfilmentRelay relay, Duration poll) {
		this.relay = relay;
		this.deliveryPoll = poll;
		return this;
	}

	/**
	 * Runs retention flows' maintenance (pauses resumed, unknown outcomes settled, stale flows expired) with every run.
	 * @param retention the flows' maintenance
	 * @return this maintenance
	 */
	public OfferMaintenance retaining(RetentionMaintenance retention) {
		this.retention = retention;
		return this;
	}

	/** One round of due deliveries to the host's listeners (under the run lock: stop waits for it). */
	public void deliverOnce() {
		FulfilmentRelay relay = this.relay;
		if (relay == null) {
			return;
		}
		this.running.lock();
		try {
			relay.deliverDue(BATCH);
		}
		catch (RuntimeException ex) {
			logger.warn("Delivering to the host's listeners failed; will try again in " + this.deliveryPoll, ex);
		}
		finally {
			this.running.unlock();
		}
	}

	/** One run: housekeeping, then reconciliation and the orphan payment scan. */
	public void runOnce() {
		this.running.lock();
		try {
			this.housekeeping.run(BATCH);
			if (this.retention != null) {
				this.retention.run();
			}
			if (this.reconciler != null) {
				this.reconciler.reconcile(BATCH);
				if (this.orphans != null) {
					this.reconciler.findOrphans(this.orphans);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Offer maintenance failed; will try again in " + this.interval, ex);
		}
		finally {
			this.running.unlock();
		}
	}

	@Override
	public synchronized void start() {
		if (this.schedule == null) {
			this.schedule = this.scheduler.scheduleWithFixedDelay(this::runOnce, Instant.now().plus(this.interval),
					this.interval);
		}
		if (this.deliveries == null && this.relay != null) {
			// deliveries left by a stop or another instance are picked up soon after start, then every poll
			this.deliveries = this.scheduler.scheduleWithFixedDelay(this::deliverOnce,
					Instant.now().plus(this.deliveryPoll), this.deliveryPoll);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.deliveries != null) {
			this.deliveries.cancel(false);
			this.deliveries = null;
		}
		if (this.schedule == null) {
			return;
		}
		this.schedule.cancel(false);
		this.schedule = null;
		try {
			if (this.running.tryLock(this.shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
				this.running.unlock();
			}
			else {
				logger.warn("Offer maintenance still running after " + this.shutdownWait + "; not waiting longer");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Closes the scheduler when the context closes. */
	@Override
	public void destroy() {
		this.scheduler.close();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

}
