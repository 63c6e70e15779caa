package dev.upsell.store;

import java.util.Arrays;

import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;

/**
 * An offer's compare-and-set as SQL: {@code UPDATE … WHERE id = ? AND status = ? AND version = ?}, written once for
 * the statement alone and for the one that carries the change's delivery.
 */
final class OfferUpdate {

	private OfferUpdate() {
	}

	/**
	 * The {@code UPDATE}.
	 * @param table the offers table
	 * @param expected the offer as read
	 * @param written the offer to write, at its new version
	 * @return the SQL
	 */
	static String sql(String table, Offer expected, Offer written) {
		// an offer entering ACCEPTED has never been looked at: no next check (first in line for reconciliation)
		boolean entersAccepted = written.status() == OfferStatus.ACCEPTED && expected.status() != OfferStatus.ACCEPTED;
		return "UPDATE " + table + " SET status = ?, accepted_step = ?, version = ?, updated_at = ?, payment_id = ?,"
				+ " checkout_session_id = ?, checkout_url = ?, failure_reason = ?, paid_amount = ?,"
				+ " refunded_amount = ?, paid_currency = ?, open_slot = ?"
				+ (entersAccepted ? ", reconcile_lease_until = NULL" : "") + " WHERE id = ? AND status = ? AND version = ?";
	}

	/**
	 * The {@code UPDATE}'s parameters.
	 * @param expected the offer as read
	 * @param written the offer to write, at its new version
	 * @return the parameters, in order
	 */
	static Object[] params(Offer expected, Offer written) {
		return new Object[] { written.status().name(), (written.step() != null) ? written.step().name() : null,
				written.version(), JdbcSupport.time(written.updatedAt()), written.paymentId(),
				written.checkoutSessionId(), written.checkoutUrl(), written.failureReason(), written.paidAmount(),
				written.refundedAmount(), written.paidCurrency(), written.openSlot(), expected.id(),
				expected.status().name(), expected.version() };
	}

	/**
	 * Two statements' parameters as one list.
	 * @param first the first's
	 * @param second the second's
	 * @return both, in order
	 */
	static Object[] with(Object[] first, Object[] second) {
		Object[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
