package dev.upsell.offer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** {@link SettledPayments} in this JVM: for one instance, lost on restart like the in-memory offer store. */
public final class InMemorySettledPayments implements SettledPayments {

	private final Map<String, SettledPayment> payments = new HashMap<>();

	/** Refund id to payment id. */
	private final Map<String, String> refunds = new HashMap<>();

	@Override
	public synchronized void record(SettledPayment payment) {
		this.payments.putIfAbsent(payment.paymentId(), payment);
	}

	@Override
	public synchronized Optional<SettledPayment> find(String paymentId) {
		return Optional.ofNullable(this.payments.get(paymentId));
	}

	@Override
	public synchronized RefundRecorded refund(String refundId, String paymentId, long amount, Instant at) {
		SettledPayment payment = this.payments.get(paymentId);
		if (payment == null) {
			return new RefundRecorded(RefundRecorded.Outcome.UNKNOWN_PAYMENT, 0, null);
		}
		if (this.refunds.putIfAbsent(refundId, paymentId) != null) {
			return new RefundRecorded(RefundRecorded.Outcome.ALREADY_RECORDED, 0, payment);
		}
		long counted = Math.min(Math.max(amount, 0), payment.refundable());
		SettledPayment after = new SettledPayment(payment.paymentId(), payment.offerId(), payment.customerId(),
				payment.ruleId(), payment.kind(), payment.funnelStep(), payment.variant(), payment.paidAmount(),
				payment.currency(), payment.refundedAmount() + counted, payment.settledAt());
		this.payments.put(paymentId, after);
		return new RefundRecorded(RefundRecorded.Outcome.COUNTED, counted, after);
	}

	@Override
	public synchronized int purge(Instant settledBefore, int limit) {
		int purged = 0;
		for (Iterator<SettledPayment> it = this.payments.values().iterator(); it.hasNext() && purged < limit;) {
			SettledPayment payment = it.next();
			if (payment.settledAt().isBefore(settledBefore)) {
				it.remove();
				this.refunds.values().removeIf(payment.paymentId()::equals);
				purged++;
			}
		}
		return purged;
	}

}
