package dev.upsell.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on several threads released at the same instant: double clicks, two tabs, two instances. */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Runs the task on {@code threads} threads at once.
	 * @param threads how many
	 * @param task what each does
	 * @param <T> its result
	 * @return the results, in thread order
	 * @throws Exception when a task fails or takes over 30 s
	 */
	public static <T> List<T> run(int threads, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdown();
		}
	}

}
