package dev.upsell.plan;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.ProrationMode;

/**
 * What a plan change will do, ready for a UI: "Upgrade now for $50.00".
 *
 * @param subscriptionId the subscription
 * @param currentProductId the plan now
 * @param newProductId the plan after the change
 * @param quantity the quantity after the change
 * @param direction upgrade, downgrade or same price
 * @param prorationMode how it is billed
 * @param effectiveAt now or at the next billing date
 * @param takesEffect when it takes effect
 * @param chargeNow what is charged now (0 for none)
 * @param creditAdded credit created for future renewals (downgrades; 0 for none)
 * @param creditUsed existing credit used towards this charge (0 for none)
 * @param currentPrice price per period now
 * @param newPrice price per period after the change
 * @param lineItems Dodo's line items
 * @param summary one sentence for the customer
 * @param quoteId pins these figures: pass it to {@code change} ({@link PlanChangeOptions#quote(String)}) and the
 * change goes ahead only if it still charges and credits exactly this (409 {@code QUOTE_CHANGED} otherwise)
 * @param quoteExpiresAt until when {@link #quoteId()} can be used
 * @param discount the Dodo discount the change applies to the new plan, if any: {@code newPrice} is before it
 */
public record PlanChangeQuote(String subscriptionId, String currentProductId, String newProductId, int quantity,
		Direction direction, ProrationMode prorationMode, EffectiveAt effectiveAt, @Nullable Instant takesEffect,
		Money chargeNow, Money creditAdded, Money creditUsed, Money currentPrice, Money newPrice,
		List<PlanChangePreview.LineItem> lineItems, String summary, @Nullable String quoteId,
		@Nullable Instant quoteExpiresAt, @Nullable Discount discount) {

	/** Copies the line items. */
	public PlanChangeQuote {
		lineItems = List.copyOf(lineItems);
	}

	/**
	 * A quote without a discount.
	 * @param subscriptionId the subscription
	 * @param currentProductId the plan now
	 * @param newProductId the plan after the change
	 * @param quantity the quantity after the change
	 * @param direction upgrade, downgrade or same price
	 * @param prorationMode how it is billed
	 * @param effectiveAt now or at the next billing date
	 * @param takesEffect when it takes effect
	 * @param chargeNow what is charged now
	 * @param creditAdded credit created
	 * @param creditUsed credit used
	 * @param currentPrice price per period now
	 * @param newPrice price per period after the change
	 * @param lineItems Dodo's line items
	 * @param summary one sentence for the customer
	 * @param quoteId the quote id
	 * @param quoteExpiresAt until when it can be used
	 */
	public PlanChangeQuote(String subscriptionId, String currentProductId, String newProductId, int quantity,
			Direction direction, ProrationMode prorationMode, EffectiveAt effectiveAt, @Nullable Instant takesEffect,
			Money chargeNow, Money creditAdded, Money creditUsed, Money currentPrice, Money newPrice,
			List<PlanChangePreview.LineItem> lineItems, String summary, @Nullable String quoteId,
			@Nullable Instant quoteExpiresAt) {
		this(subscriptionId, currentProductId, newProductId, quantity, direction, prorationMode, effectiveAt,
				takesEffect, chargeNow, creditAdded, creditUsed, currentPrice, newPrice, lineItems, summary, quoteId,
				quoteExpiresAt, null);
	}

	/** These figures pinned by {@code quoteId}, valid until {@code expiresAt}. */
	PlanChangeQuote pinned(String quoteId, Instant expiresAt) {
		return new PlanChangeQuote(this.subscriptionId, this.currentProductId, this.newProductId, this.quantity,
				this.direction, this.prorationMode, this.effectiveAt, this.takesEffect, this.chargeNow, this.creditAdded,
				this.creditUsed, this.currentPrice, this.newPrice, this.lineItems, this.summary,
				quoteId, expiresAt, this.discount);
	}

	/** These figures with the discount the change applies, its sentence added to the summary. */
	PlanChangeQuote withDiscount(Discount discount) {
		String cycles = (discount.cycles() != null)
				? " for " + discount.cycles() + ((discount.cycles() == 1) ? " billing cycle" : " billing cycles") : "";
		return new PlanChangeQuote(this.subscriptionId, this.currentProductId, this.newProductId, this.quantity,
				this.direction, this.prorationMode, this.effectiveAt, this.takesEffect, this.chargeNow, this.creditAdded,
				this.creditUsed, this.currentPrice, this.newPrice, this.lineItems,
				this.summary + "; then " + discount.priceAfter().format(Locale.US) + " instead of "
						+ this.newPrice.format(Locale.US) + cycles,
				this.quoteId, this.quoteExpiresAt, discount);
	}

	/**
	 * A Dodo discount on the new plan.
	 *
	 * @param code the code
	 * @param basisPoints the share off, in basis points (2000 = 20 %)
	 * @param cycles how many billing cycles it takes off; {@code null} for all
	 * @param priceAfter the new plan's price per period after it (the saving rounded down, a guess: Dodo rounds)
	 * @param saving what it saves per period
	 */
	public record Discount(String code, int basisPoints, @Nullable Integer cycles, Money priceAfter, Money saving) {
	}

	static String summarize(Direction direction, EffectiveAt effectiveAt, Money chargeNow, Money creditAdded) {
		String verb = switch (direction) {
			case UPGRADE -> "Upgrade";
			case DOWNGRADE -> "Downgrade";
			case SAME_PRICE -> "Switch";
		};
		if (effectiveAt == EffectiveAt.NEXT_BILLING_DATE) {
			return verb + " at your next billing date; nothing to pay now";
		}
		if (chargeNow.amount() > 0) {
			return verb + " now for " + chargeNow.format(Locale.US);
		}
		if (creditAdded.amount() > 0) {
			return verb + " now; " + creditAdded.format(Locale.US) + " credit goes towards your next renewals";
		}
		return verb + " now at no charge";
	}

}
