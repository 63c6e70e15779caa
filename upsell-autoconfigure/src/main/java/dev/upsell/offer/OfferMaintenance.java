package dev.upsell.offer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs offer housekeeping (expiry, purge) and, when given a reconciler, reconciliation, on one background
 * thread at a fixed delay, from application start to shutdown.
 */
public final class OfferMaintenance implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OfferMaintenance.class);

	private static final int BATCH = 500;

	private final OfferService offers;

	private final @Nullable OfferReconciler reconciler;

	private final Duration interval;

	private final @Nullable OrphanPayments orphans;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Creates the maintenance.
	 * @param offers the offer service
	 * @param reconciler the reconciler, or {@code null} when reconciliation is off
	 * @param interval the delay between runs
	 */
	public OfferMaintenance(OfferService offers, @Nullable OfferReconciler reconciler, Duration interval) {
		this(offers, reconciler, interval, null);
	}

	/**
	 * Creates the maintenance with an orphan payment scan after each reconciliation.
	 * @param offers the offer service
	 * @param reconciler the reconciler, or {@code null} when reconciliation is off
	 * @param interval the delay between runs
	 * @param orphans where orphan payments are reported, or {@code null} for no scan
	 */
	public OfferMaintenance(OfferService offers, @Nullable OfferReconciler reconciler, Duration interval,
			@Nullable OrphanPayments orphans) {
		this.offers = offers;
		this.reconciler = reconciler;
		this.interval = interval;
		this.orphans = orphans;
	}

	/** One run: housekeeping, then reconciliation and the orphan payment scan. */
	public void runOnce() {
		try {
			this.offers.housekeeping(BATCH);
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
	}

	@Override
	public synchronized void start() {
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "upsell-offer-maintenance");
				thread.setDaemon(true);
				return thread;
			});
			this.executor.scheduleWithFixedDelay(this::runOnce, this.interval.toMillis(), this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
