package dev.upsell.offer.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.upsell.offer.Offer;

/**
 * The one-click charges this JVM is sending right now, by offer: a second click on the same instance waits on
 * the first one's outcome instead of polling, and a decline recorded meanwhile leaves the checkout link to the
 * accept call.
 */
public final class ChargesInFlight {

	private final ConcurrentMap<String, CompletableFuture<Offer>> running = new ConcurrentHashMap<>();

	/** Registers the winner's charge; returns what to complete when it ends. */
	CompletableFuture<Offer> begin(String offerId) {
		CompletableFuture<Offer> outcome = new CompletableFuture<>();
		this.running.put(offerId, outcome);
		return outcome;
	}

	/** Ends a charge registered with {@link #begin}. */
	void end(String offerId, CompletableFuture<Offer> outcome) {
		this.running.remove(offerId, outcome);
	}

	/** Whether this JVM is sending the offer's charge now. */
	public boolean isRunning(String offerId) {
		return this.running.containsKey(offerId);
	}

	/**
	 * Waits, bounded, for this JVM's charge of the offer to end.
	 * @return whether one was running here
	 */
	boolean awaitLocal(String offerId, Duration wait) {
		CompletableFuture<Offer> local = this.running.get(offerId);
		if (local == null) {
			return false;
		}
		try {
			local.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the stored state says what is known
		}
		return true;
	}

}
