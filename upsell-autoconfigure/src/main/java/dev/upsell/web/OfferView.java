package dev.upsell.web;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.catalog.Money;
import dev.upsell.offer.Offer;

/**
 * An offer as the endpoints show it, in snake_case like every {@code /upsell} body.
 *
 * @param id the offer id
 * @param kind {@code upsell}, {@code downsell}, {@code cross_sell}, …
 * @param status {@code presented}, {@code accepted}, {@code converted}, …
 * @param productId the product offered
 * @param quantity how many
 * @param amount the price in minor units
 * @param currency ISO 4217 currency
 * @param displayPrice the price formatted for display, e.g. {@code $99.00}, or {@code $99.00 + tax} when Dodo
 * adds tax at charge time
 * @param taxExclusive whether Dodo adds tax to {@code amount} at charge time (by the buyer's location)
 * @param expiresAt when a presented offer expires
 * @param paymentId the Dodo payment, once there is one
 * @param checkoutUrl the fallback checkout link, when redirected
 * @param reason why it was redirected, failed or is pending
 * @param funnel the funnel (or rule) that made it
 * @param step the funnel step that made it
 * @param variant the experiment variant it shows, if any
 * @param displayText the text the variant shows for the offer, if any
 * @param compareAt what the same would cost without the offer, when something compares: the price before the
 * offer's Dodo discount, or for an annual switch a year of the current plan; with the saving
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OfferView(String id, String kind, String status, String productId, int quantity, long amount,
		String currency, String displayPrice, boolean taxExclusive, Instant expiresAt, @Nullable String paymentId,
		@Nullable String checkoutUrl, @Nullable String reason, String funnel, String step, @Nullable String variant,
		@Nullable String displayText, @Nullable CompareAt compareAt) {

	/**
	 * What an offer's price compares with.
	 *
	 * @param amount what the same would cost without the offer, in minor units
	 * @param saving what the offer saves, in minor units
	 * @param displayAmount the amount, formatted ({@code $99.00})
	 * @param displaySaving the saving, formatted
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record CompareAt(long amount, long saving, String displayAmount, String displaySaving) {
	}

	/**
	 * The view of an offer.
	 * @param offer the offer
	 * @return the view
	 */
	public static OfferView of(Offer offer) {
		return new OfferView(offer.id(), offer.kind().tag(), offer.status().tag(), offer.productId(), offer.quantity(),
				offer.price().amount(), offer.price().currency(),
				offer.price().format(Locale.US) + (offer.taxExclusive() ? " + tax" : ""), offer.taxExclusive(),
				offer.expiresAt(),
				offer.paymentId(), offer.checkoutUrl(), offer.failureReason(), offer.ruleId(), offer.funnelStep(),
				offer.variant(), offer.details().displayText(), compareAt(offer));
	}

	private static @Nullable CompareAt compareAt(Offer offer) {
		Long before = offer.details().compareAtPrice();
		if (before == null || before <= offer.price().amount()) {
			return null;
		}
		Money full = new Money(before, offer.price().currency());
		Money saving = new Money(before - offer.price().amount(), offer.price().currency());
		return new CompareAt(before, saving.amount(), full.format(Locale.US), saving.format(Locale.US));
	}

}
