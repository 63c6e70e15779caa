package dev.upsell.web.internal;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.catalog.Money;
import dev.upsell.plan.PlanChangeQuote;

/**
 * A plan change quote as the endpoints show it (the preview's body, and the {@code quote} of a change or of a
 * 409 with a changed quote).
 *
 * @param subscriptionId the subscription
 * @param currentProductId its plan now
 * @param newProductId the plan after the change
 * @param quantity the quantity after the change
 * @param direction {@code upgrade}, {@code downgrade} or {@code same_price}
 * @param prorationMode the proration mode's wire value
 * @param effectiveAt {@code immediately} or {@code next_billing_date}
 * @param takesEffect when the change takes effect
 * @param chargeNow what is charged now
 * @param creditAdded credit added to the customer's balance
 * @param creditUsed credit used from it
 * @param currentPrice the current plan's price
 * @param newPrice the new plan's price
 * @param summary the figures in one sentence
 * @param quoteId the id a change passes to go ahead only at these figures
 * @param quoteExpiresAt until when the quote id can be used
 * @param discount the Dodo discount on the new plan, if the change applies one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QuoteView(String subscriptionId, String currentProductId, String newProductId, int quantity,
		String direction, String prorationMode, String effectiveAt, @Nullable Instant takesEffect, MoneyView chargeNow,
		MoneyView creditAdded, MoneyView creditUsed, MoneyView currentPrice, MoneyView newPrice, String summary,
		@Nullable String quoteId, @Nullable Instant quoteExpiresAt, @Nullable DiscountView discount) {

	/**
	 * The view of a quote.
	 * @param quote the quote
	 * @return the view
	 */
	public static QuoteView of(PlanChangeQuote quote) {
		return new QuoteView(quote.subscriptionId(), quote.currentProductId(), quote.newProductId(), quote.quantity(),
				quote.direction().tag(), quote.prorationMode().wireValue(),
				quote.effectiveAt().name().toLowerCase(Locale.ROOT), quote.takesEffect(), MoneyView.of(quote.chargeNow()),
				MoneyView.of(quote.creditAdded()), MoneyView.of(quote.creditUsed()), MoneyView.of(quote.currentPrice()),
				MoneyView.of(quote.newPrice()), quote.summary(), quote.quoteId(), quote.quoteExpiresAt(),
				(quote.discount() != null) ? DiscountView.of(quote.discount()) : null);
	}

	/**
	 * A discount on the new plan.
	 *
	 * @param percentOff the share off (0 for a flat code)
	 * @param cycles how many billing cycles it takes off; {@code null} for every one
	 * @param newPriceAfter the new plan's price per period after it
	 * @param saving what it saves per period
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record DiscountView(double percentOff, @Nullable Integer cycles, MoneyView newPriceAfter, MoneyView saving) {

		static DiscountView of(PlanChangeQuote.Discount discount) {
			return new DiscountView(discount.basisPoints() / 100.0, discount.cycles(),
					MoneyView.of(discount.priceAfter()), MoneyView.of(discount.saving()));
		}

	}

	/**
	 * An amount as the endpoints show it.
	 *
	 * @param amount minor units
	 * @param currency ISO 4217 currency
	 * @param display formatted, e.g. {@code $50.00}
	 */
	public record MoneyView(long amount, String currency, String display) {

		static MoneyView of(Money money) {
			return new MoneyView(money.amount(), money.currency(), money.format(Locale.US));
		}

	}

}
