package dev.upsell.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.upsell.dodo.CheckoutPreview;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.Subscription;

/**
 * A Dodo in the benchmark's own process that answers at once: every saved card works, every payment succeeds.
 * It makes a benchmark store-bound (no HTTP, no simulator) and counts the charges per offer, so a duplicate shows.
 * Never a test double for correctness: the simulator is.
 */
final class InstantDodo implements DodoClient {

	private final AtomicLong ids = new AtomicLong();

	private final Map<String, Payment> payments = new ConcurrentHashMap<>();

	/** Charges per offer id (metadata {@code offer_id}). */
	final Map<String, AtomicLong> chargesPerOffer = new ConcurrentHashMap<>();

	@Override
	public List<PaymentMethod> listPaymentMethods(String customerId) {
		return List.of(new PaymentMethod("pm_" + customerId, "card", "credit", true, null, null));
	}

	@Override
	public CheckoutSession createCheckoutSession(CheckoutSessionRequest request) {
		throw new UnsupportedOperationException("the benchmark's rule charges with POST /payments");
	}

	@Override
	public CheckoutPreview previewCheckout(CheckoutSessionRequest request) {
		throw new UnsupportedOperationException("the benchmark turns the price preview off");
	}

	@Override
	public CheckoutSessionStatus getCheckoutSession(String sessionId) {
		throw new UnsupportedOperationException(sessionId);
	}

	@Override
	public PaymentCreated createPayment(OneTimePaymentRequest request) {
		String id = "pay_instant_" + this.ids.incrementAndGet();
		Map<String, String> metadata = (request.metadata() != null) ? request.metadata() : Map.of();
		this.chargesPerOffer.computeIfAbsent(metadata.getOrDefault("offer_id", "?"), (offer) -> new AtomicLong())
			.incrementAndGet();
		this.payments.put(id, new Payment(id, PaymentStatus.SUCCEEDED, 5000, "USD", null, metadata, null, null,
				null, null, null, null, null, Instant.now(), null));
		return new PaymentCreated(id, 5000, null, null, metadata, null, null);
	}

	@Override
	public Payment getPayment(String paymentId) {
		Payment payment = this.payments.get(paymentId);
		if (payment == null) {
			throw new IllegalArgumentException(paymentId);
		}
		return payment;
	}

	@Override
	public List<Payment> listPayments(PaymentQuery query) {
		return List.of();
	}

	@Override
	public Subscription getSubscription(String subscriptionId) {
		throw new UnsupportedOperationException(subscriptionId);
	}

	@Override
	public PlanChangePreview previewPlanChange(String subscriptionId, PlanChangeRequest request) {
		throw new UnsupportedOperationException(subscriptionId);
	}

	@Override
	public PlanChangeResult changePlan(String subscriptionId, PlanChangeRequest request) {
		throw new UnsupportedOperationException(subscriptionId);
	}

	@Override
	public Product getProduct(String productId) {
		return new Product(productId, productId, null, false,
				new Product.Price("one_time_price", 5000, "USD", null, null, false, false, null));
	}

	long charges() {
		return this.chargesPerOffer.values().stream().mapToLong(AtomicLong::get).sum();
	}

	long duplicates() {
		return this.chargesPerOffer.values().stream().mapToLong((count) -> Math.max(0, count.get() - 1)).sum();
	}

}
