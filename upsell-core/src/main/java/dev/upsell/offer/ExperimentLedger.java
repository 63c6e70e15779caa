package dev.upsell.offer;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;

/**
 * Where experiments' assignments and results live, shared by every instance: each customer's arm, recorded the first
 * time it is decided (the first one stays: a customer never changes arm, whatever the weights become), and the
 * results per arm counted from the offers themselves, so every instance reads the same numbers, after restarts. The
 * in-memory ledger serves one instance; the JDBC one many.
 */
public interface ExperimentLedger {

	/**
	 * Records a customer's arm unless one is recorded already.
	 * @param experimentId the experiment
	 * @param customerId the customer
	 * @param variant the arm decided now: a variant's id or {@link Experiment#HOLDOUT}
	 * @param at when
	 * @return the arm recorded: this one, or the one recorded first
	 */
	String assign(String experimentId, String customerId, String variant, Instant at);

	/**
	 * The arm recorded for a customer.
	 * @param experimentId the experiment
	 * @param customerId the customer
	 * @return the arm, or {@code null} when the customer has none yet
	 */
	@Nullable String recorded(String experimentId, String customerId);

	/**
	 * Records that a customer's subscription was cancelled (or set to end at its period's end), once per
	 * subscription: a replayed webhook changes nothing. The results count a paying customer of an arm who cancels
	 * within {@link #CANCELLATION_WINDOW} of the offer.
	 * @param subscriptionId the subscription
	 * @param customerId its customer
	 * @param at when
	 */
	void subscriptionCancelled(String subscriptionId, String customerId, Instant at);

	/** How long after an offer a cancellation counts against its variant. */
	java.time.Duration CANCELLATION_WINDOW = java.time.Duration.ofDays(30);

	/**
	 * An experiment's results per arm, for the customers assigned since a time.
	 * @param experimentId the experiment
	 * @param since assigned at or after this
	 * @return one result per arm with at least one customer
	 */
	List<ArmResult> results(String experimentId, Instant since);

	/**
	 * One arm's results. Revenue is net of refunds, in minor units of {@code currency} (the arm's offers' price
	 * currency; an experiment is read in one currency).
	 *
	 * @param variant the variant's id, or {@link Experiment#HOLDOUT}
	 * @param customers customers assigned to it
	 * @param exposures offers shown
	 * @param conversions offers paid
	 * @param declines offers declined
	 * @param refunds paid offers refunded, in part or in full
	 * @param currency the currency of the revenue, or {@code null} without offers
	 * @param netRevenue paid less refunded, over the arm's offers
	 * @param netRevenueSquaresPerExposure the sum over offers of (paid less refunded) squared
	 * @param netRevenueSquaresPerCustomer the sum over customers of their net revenue squared
	 * @param laterOffers offers shown after one of this arm's (the funnel's next steps)
	 * @param laterDeclines of those, declined
	 * @param payingCustomers customers with a paid offer of this arm
	 * @param cancellations of those, customers who cancelled a subscription within {@link #CANCELLATION_WINDOW} of
	 * such an offer
	 * @param accepts offers the customer said yes to: accepted (paid or not yet), sent to a checkout, or failed after
	 * a payment was tried
	 */
	record ArmResult(String variant, long customers, long exposures, long conversions, long declines, long refunds,
			@Nullable String currency, long netRevenue, double netRevenueSquaresPerExposure,
			double netRevenueSquaresPerCustomer, long laterOffers, long laterDeclines, long payingCustomers,
			long cancellations, long accepts) {

		/**
		 * Results without the cancellations' counts.
		 * @param variant the arm
		 * @param customers customers assigned
		 * @param exposures offers shown
		 * @param conversions offers paid
		 * @param declines offers declined
		 * @param refunds offers refunded
		 * @param currency the currency
		 * @param netRevenue net revenue
		 * @param netRevenueSquaresPerExposure squares per offer
		 * @param netRevenueSquaresPerCustomer squares per customer
		 * @param laterOffers later offers
		 * @param laterDeclines later declines
		 */
		public ArmResult(String variant, long customers, long exposures, long conversions, long declines, long refunds,
				@Nullable String currency, long netRevenue, double netRevenueSquaresPerExposure,
				double netRevenueSquaresPerCustomer, long laterOffers, long laterDeclines) {
			this(variant, customers, exposures, conversions, declines, refunds, currency, netRevenue,
					netRevenueSquaresPerExposure, netRevenueSquaresPerCustomer, laterOffers, laterDeclines, 0, 0,
					conversions);
		}

	}

}
