package dev.upsell.web.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.plan.PlanChangeQuote;
import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionOffer;

/**
 * A retention flow as the {@code /upsell/retention} endpoints show it: where it is, the reasons to choose from, the
 * offer to show (if any), and what an accepted offer did. The customer's comment is not echoed.
 *
 * @param flowId the flow
 * @param intent {@code cancel} or {@code downgrade}
 * @param downgradeTo for a downgrade flow: the cheaper plan asked for
 * @param subscriptionId its subscription
 * @param status {@code started}, {@code reason_given}, {@code offered}, {@code executing}, {@code outcome_unknown},
 * {@code saved}, {@code failed}, {@code cancelled}, {@code downgraded}, {@code expired}
 * @param reasons the reasons the customer can give
 * @param reason the reason given, if any
 * @param offer the offer shown, if any
 * @param resumeAt for an accepted pause: when the subscription resumes
 * @param nextBillingDate for an accepted extension: the next renewal
 * @param failureReason why the offer could not be executed, if it could not
 * @param quote for a downgrade now, in the answer to the reason: Dodo's figures to show with the offer (pass its
 * {@code quote_id} to accept at them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetentionFlowView(String flowId, String intent, @Nullable String downgradeTo, String subscriptionId,
		String status, List<String> reasons,
		@Nullable String reason, @Nullable OfferView offer, @Nullable Instant resumeAt, @Nullable Instant nextBillingDate,
		@Nullable String failureReason, @Nullable QuoteView quote) {

	/**
	 * This view with the figures of a downgrade now.
	 * @param quote the quote, or {@code null}
	 * @return the view
	 */
	public RetentionFlowView withQuote(@Nullable PlanChangeQuote quote) {
		return new RetentionFlowView(this.flowId, this.intent, this.downgradeTo, this.subscriptionId, this.status, this.reasons, this.reason, this.offer,
				this.resumeAt, this.nextBillingDate, this.failureReason, (quote != null) ? QuoteView.of(quote) : null);
	}

	/**
	 * The view of a flow.
	 * @param flow the flow
	 * @param offer its offer, if one is shown
	 * @param reasons the reasons to choose from
	 * @return the view
	 */
	public static RetentionFlowView of(RetentionFlow flow, @Nullable RetentionOffer offer, List<String> reasons) {
		return new RetentionFlowView(flow.id(), flow.isDowngrade() ? "downgrade" : "cancel", flow.downgradeTo(),
				flow.subscriptionId(),
				flow.status().name().toLowerCase(java.util.Locale.ROOT), reasons, flow.reason(),
				(offer != null) ? OfferView.of(offer) : null, flow.resumeAt(), flow.nextBillingDate(),
				flow.failureReason(), null);
	}

	/**
	 * A save offer as shown.
	 *
	 * @param offerId the offer
	 * @param kind {@code pause}, {@code extend}, {@code downgrade}, {@code discount} or {@code custom}
	 * @param cycles billing cycles a pause lasts, or renewals a discount takes off
	 * @param days days an extension adds
	 * @param productId the plan a downgrade moves to
	 * @param immediately whether a downgrade happens now (prorated, with a quote) rather than at the next billing date
	 * @param percentOff the share a discount made for the customer takes off (0 for a dashboard's code)
	 * @param displayText the words to show
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record OfferView(String offerId, String kind, int cycles, int days, @Nullable String productId,
			boolean immediately, int percentOff, @Nullable String displayText) {

		static OfferView of(RetentionOffer offer) {
			return new OfferView(offer.id(), offer.kind().name().toLowerCase(java.util.Locale.ROOT), offer.cycles(),
					offer.days(), offer.productId(), offer.immediately(),
					(offer.discountCode() == null) ? offer.percentOff() : 0, offer.displayText());
		}

	}

}
