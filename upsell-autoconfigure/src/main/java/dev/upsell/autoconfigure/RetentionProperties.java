package dev.upsell.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.upsell.retention.RetentionOffer;
import dev.upsell.retention.RetentionSettings;

/**
 * Retention flows ({@code dodo.upsell.retention.*}): a subscriber who cancels gives a reason and sees at most one save
 * offer, or cancels at the end of the period in one more click.
 *
 * @param enabled Whether retention flows run: the RetentionService bean, the /upsell/retention endpoints and their
 * maintenance (pauses resumed when they end).
 * @param reasons Reasons a customer can give, in order. Defaults to Dodo's cancellation_feedback values; any other
 * reason is sent to Dodo as "other".
 * @param offers Save offers; the first that answers the customer's reason and passes the guards is shown.
 * @param skipOffers Whether to show no offer at all: the flow is the reason and the cancellation.
 * @param maxSavesPerCustomer How many offers one customer may accept in all (a lifetime cap).
 * @param offerWhenPastDue Whether a subscription whose renewal failed (on_hold, past_due) is shown an offer.
 * @param flowTtl How long a started flow stays open without a decision.
 * @param saveAfter How long after a save (or after a pause's end) the subscription must still be active for the save
 * to count as kept; every other flow with a reason is measured as long after its decision.
 * @param holdout Share of customers (0 to below 1, sticky per customer) shown no offer, so the readout compares what
 * the offers keep with what would have stayed anyway.
 * @param splitOffers Whether customers are split evenly (sticky per customer) among the offers that answer their
 * reason, instead of all seeing the first: an experiment over the offers.
 */
@ConfigurationProperties("dodo.upsell.retention")
public record RetentionProperties(@DefaultValue("false") boolean enabled, @Nullable List<String> reasons,
		@Nullable List<Offer> offers, @DefaultValue("false") boolean skipOffers,
		@DefaultValue("1") int maxSavesPerCustomer, @DefaultValue("false") boolean offerWhenPastDue,
		@DefaultValue("1d") Duration flowTtl, @DefaultValue("30d") Duration saveAfter, @DefaultValue("0") double holdout,
		@DefaultValue("false") boolean splitOffers) {

	/**
	 * The core's settings.
	 * @return the settings
	 * @throws IllegalArgumentException naming a setting that does not fit
	 */
	public RetentionSettings settings() {
		List<RetentionOffer> saveOffers = (this.offers != null) ? this.offers.stream().map(Offer::offer).toList()
				: List.of();
		return new RetentionSettings((this.reasons != null && !this.reasons.isEmpty()) ? this.reasons
				: RetentionSettings.DODO_REASONS, saveOffers, this.skipOffers, this.maxSavesPerCustomer,
				this.offerWhenPastDue, this.flowTtl, this.saveAfter, this.holdout, this.splitOffers);
	}

	/**
	 * One save offer.
	 *
	 * @param id Id of the offer, unique among the retention offers (in events and meters).
	 * @param kind What it does: pause (for a number of billing cycles), extend (the next billing date by a number of
	 * days), downgrade (to a cheaper plan, at the next billing date or immediately), discount (a share off a number of
	 * renewals, with a Dodo discount code), or custom (the host acts on the saved flow's event).
	 * @param reasons Reasons it answers; empty for any.
	 * @param cycles For pause: billing cycles the subscription pauses before it resumes. For discount: renewals the
	 * discount takes off.
	 * @param days For extend: days the next billing date moves.
	 * @param product For downgrade: the cheaper plan's Dodo product id.
	 * @param immediately For downgrade: whether the plan changes now (prorated, previewed and quoted before the
	 * customer accepts) instead of at the next billing date.
	 * @param percentOff For discount without a code: the share off each renewal (1 to 100) of a single-use code made
	 * for the customer.
	 * @param discountCode For discount: a code made in Dodo's dashboard to apply instead (its own limits hold).
	 * @param displayText Words the host shows with it.
	 * @param plans Plans (Dodo product ids) whose subscribers see it; empty for any plan.
	 */
	public record Offer(String id, RetentionOffer.Kind kind, @Nullable Set<String> reasons,
			@DefaultValue("0") int cycles, @DefaultValue("0") int days, @Nullable String product,
			@DefaultValue("false") boolean immediately, @DefaultValue("0") int percentOff,
			@Nullable String discountCode, @Nullable String displayText, @Nullable Set<String> plans) {

		RetentionOffer offer() {
			return new RetentionOffer(this.id, this.kind, (this.reasons != null) ? this.reasons : Set.of(), this.cycles,
					this.days, this.product, this.immediately, this.percentOff, this.discountCode, this.displayText,
					(this.plans != null) ? this.plans : Set.of());
		}

	}

}
