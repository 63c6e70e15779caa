package dev.upsell.retention;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.SubscriptionUpdate;

/**
 * How retention flows run.
 *
 * @param reasons the reasons a customer can give, in the order shown (by default Dodo's {@code cancellation_feedback}
 * values); a reason that is one of those is sent to Dodo as the cancellation's feedback, any other as {@code other}
 * @param offers the save offers; the first that answers the customer's reason and passes the guards is shown
 * @param skipOffers whether to show no offer at all: the flow is the reason and the cancellation
 * @param maxSavesPerCustomer how many accepted offers one customer may have in all (a lifetime cap), then the flow
 * shows none
 * @param offerWhenPastDue whether a subscription whose renewal failed ({@code on_hold}, {@code past_due}) is shown an
 * offer
 * @param flowTtl how long a started flow stays open without a decision
 * @param saveAfter how long after a save (or after a pause's end) the subscription must still be there for the save to
 * count as kept; every other flow with a reason is measured as long after its decision, so the holdout's churn stands
 * beside the offers'
 * @param holdout the share of customers (0 to below 1, sticky per customer) shown no offer at all: their flows measure
 * what would have stayed anyway
 * @param splitOffers whether customers are split evenly (sticky per customer) among the offers that answer their
 * reason and pass the guards, instead of all seeing the first: an experiment over the offers
 */
public record RetentionSettings(List<String> reasons, List<RetentionOffer> offers, boolean skipOffers,
		int maxSavesPerCustomer, boolean offerWhenPastDue, Duration flowTtl, Duration saveAfter, double holdout,
		boolean splitOffers) {

	/** The id the experiment's assignment hashes with the customer's: a new id would reshuffle customers. */
	public static final String EXPERIMENT_ID = "retention";

	/**
	 * Settings without a holdout or a split.
	 * @param reasons the reasons
	 * @param offers the offers
	 * @param skipOffers whether to show none
	 * @param maxSavesPerCustomer the lifetime cap
	 * @param offerWhenPastDue whether past-due subscriptions see offers
	 * @param flowTtl how long a flow stays open
	 * @param saveAfter when a save is measured
	 */
	public RetentionSettings(List<String> reasons, List<RetentionOffer> offers, boolean skipOffers,
			int maxSavesPerCustomer, boolean offerWhenPastDue, Duration flowTtl, Duration saveAfter) {
		this(reasons, offers, skipOffers, maxSavesPerCustomer, offerWhenPastDue, flowTtl, saveAfter, 0, false);
	}

	/** Dodo's {@code cancellation_feedback} values, the default reasons. */
	public static final List<String> DODO_REASONS = List.of("too_expensive", "missing_features", "switched_service",
			"unused", "customer_service", "low_quality", "too_complex", "other");

	/**
	 * Validates the settings: reasons unique and non-empty, offer ids unique, every reason an offer names known.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public RetentionSettings {
		reasons = List.copyOf(reasons);
		offers = List.copyOf(offers);
		if (reasons.isEmpty() || new HashSet<>(reasons).size() != reasons.size()) {
			throw new IllegalArgumentException("Retention reasons must be unique and at least one: " + reasons);
		}
		Set<String> ids = new HashSet<>();
		for (RetentionOffer offer : offers) {
			if (!ids.add(offer.id())) {
				throw new IllegalArgumentException("Two retention offers are called " + offer.id());
			}
			for (String reason : offer.reasons()) {
				if (!reasons.contains(reason)) {
					throw new IllegalArgumentException(
							"Retention offer " + offer.id() + " answers " + reason + ", which is not a reason: " + reasons);
				}
			}
		}
		if (holdout < 0 || holdout >= 1) {
			throw new IllegalArgumentException("The retention holdout is a share from 0 to below 1, not " + holdout);
		}
		if (maxSavesPerCustomer < 0) {
			throw new IllegalArgumentException("maxSavesPerCustomer cannot be negative: " + maxSavesPerCustomer);
		}
	}

	/**
	 * Dodo's reasons, no offers, one save per customer, none for a subscription past due, flows open for a day, a save
	 * kept when the subscription is still there 30 days later.
	 * @return the defaults
	 */
	public static RetentionSettings defaults() {
		return new RetentionSettings(DODO_REASONS, List.of(), false, 1, false, Duration.ofDays(1), Duration.ofDays(30));
	}

	/**
	 * These settings with other offers.
	 * @param offers the save offers
	 * @return the changed settings
	 */
	public RetentionSettings withOffers(List<RetentionOffer> offers) {
		return new RetentionSettings(this.reasons, offers, this.skipOffers, this.maxSavesPerCustomer,
				this.offerWhenPastDue, this.flowTtl, this.saveAfter, this.holdout, this.splitOffers);
	}

	/**
	 * These settings with an experiment: a holdout shown no offer, and optionally the offers split.
	 * @param holdout the share held out, 0 to below 1
	 * @param splitOffers whether the offers answering a reason are split evenly
	 * @return the changed settings
	 */
	public RetentionSettings withExperiment(double holdout, boolean splitOffers) {
		return new RetentionSettings(this.reasons, this.offers, this.skipOffers, this.maxSavesPerCustomer,
				this.offerWhenPastDue, this.flowTtl, this.saveAfter, holdout, splitOffers);
	}

	/**
	 * Whether flows are assigned to arms: a holdout, or offers split.
	 * @return {@code true} with a holdout or a split
	 */
	public boolean experimenting() {
		return this.holdout > 0 || this.splitOffers;
	}

	/**
	 * The save offer configured under an id.
	 * @param offerId the id, e.g. a flow's {@link RetentionFlow#offerId()}
	 * @return the offer, or {@code null} when none is configured under it (or the id is {@code null})
	 */
	public @Nullable RetentionOffer offer(@Nullable String offerId) {
		return this.offers.stream().filter((offer) -> offer.id().equals(offerId)).findFirst().orElse(null);
	}

	/**
	 * The feedback Dodo keeps with the cancellation for a reason.
	 * @param reason the customer's reason
	 * @return Dodo's value for it; {@code OTHER} for the host's own reasons
	 */
	static SubscriptionUpdate.CancellationFeedback feedbackFor(String reason) {
		return DODO_REASONS.contains(reason)
				? SubscriptionUpdate.CancellationFeedback.valueOf(reason.toUpperCase(java.util.Locale.ROOT))
				: SubscriptionUpdate.CancellationFeedback.OTHER;
	}

}
