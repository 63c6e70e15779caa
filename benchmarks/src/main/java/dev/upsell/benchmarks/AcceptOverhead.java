package dev.upsell.benchmarks;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.FeatureFlags;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.store.JdbcOfferRepository;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.test.simulator.SimCard;

/**
 * {@code OfferService.accept} against the simulator at zero latency vs the bare {@code DodoClient} calls it
 * makes (list saved methods, confirmed checkout session, read the payment), measured alternately in one run.
 */
final class AcceptOverhead {

	record Result(String store, Stats baseline, Stats accept) {

		double ratio() {
			return this.accept.mean() / this.baseline.mean();
		}

	}

	private AcceptOverhead() {
	}

	private static final BillingAddress ADDRESS = new BillingAddress("US", "Austin", "TX", "1 Main St", "78701");

	static Result run(String store, OfferRepository repository, int iterations) {
		try (DodoSimulator dodo = DodoSimulator.builder().demoData(true)
			// a kind simulator: the load here is far past the rate limit real Dodo would apply
			.modes((modes) -> modes.rateLimit(0))
			.start()) {
			DodoClient client = OfferHarness.client(dodo);
			OfferService offers = OfferHarness.service(client, repository);
			int warmup = iterations / 4;
			long[] baseline = new long[iterations];
			long[] accept = new long[iterations];
			for (int i = -warmup; i < iterations; i++) {
				String customer = "cus_bench_" + store + "_" + i;
				dodo.customer(customer, customer + "@example.com", "B", SimCard.working("pm_" + customer));
				// with the buyer's address, as a host gives it: one click through a confirmed checkout session
				Offer offer = offers.present(customer, DemoData.COURSE, PurchaseContext.of(null).withBillingAddress(ADDRESS))
					.get(0);
				long t0 = System.nanoTime();
				bareCalls(client, customer);
				long t1 = System.nanoTime();
				offers.accept(customer, offer.id());
				long t2 = System.nanoTime();
				if (i >= 0) {
					baseline[i] = t1 - t0;
					accept[i] = t2 - t1;
				}
			}
			return new Result(store, Stats.of(baseline), Stats.of(accept));
		}
	}

	/**
	 * What a host would call to do the same by hand: the saved methods, Dodo's price for this buyer (the figure it
	 * must show and charge, as the offer's accept checks it), the one-click charge, and the payment read back.
	 */
	private static void bareCalls(DodoClient client, String customer) {
		String method = client.listPaymentMethods(customer).get(0).paymentMethodId();
		client.previewCheckout(new CheckoutSessionRequest(List.of(CartItem.of(DemoData.COACHING, 1)),
				CustomerRef.existing(customer), null, null, null, null, null, null, ADDRESS, null, null));
		CheckoutSession session = client.createCheckoutSession(new CheckoutSessionRequest(
				List.of(CartItem.of(DemoData.COACHING, 1)), CustomerRef.existing(customer), method, true, null, null,
				Map.of("offer_id", "bench"), null, ADDRESS, FeatureFlags.oneClick()));
		client.getPayment(session.paymentId());
	}

	static Result inMemory(int iterations) {
		return run("memory", new InMemoryOfferRepository(), iterations);
	}

	static Result jdbc(DataSource dataSource, int iterations) {
		return run("jdbc", new JdbcOfferRepository(dataSource, "upsell_"), iterations);
	}

}
