package dev.upsell.plan;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.ProrationMode;

/**
 * How to change a plan; {@code null} fields take the defaults.
 *
 * @param prorationMode how to bill; default {@code dodo.upsell.plan-change.proration-mode}
 * @param effectiveAt now (default) or at the next billing date (needs {@code full_immediately})
 * @param onPaymentFailure keep the old plan or change anyway when the charge fails; default
 * {@code prevent_change} (the plan stays, the outcome is {@code payment_failed}); {@code apply_change} changes the
 * plan and Dodo puts the subscription on hold
 * @param addons the complete addon list wanted after the change; {@code null} keeps the subscription's current
 * addons (they are read and sent, because Dodo removes every addon a change does not name); an empty list
 * removes them
 * @param metadata metadata for the change
 * @param offerId the plan offer this change accepts, if it is tracked as one
 * @param quoteId the {@link PlanChangeQuote#quoteId()} the customer saw: the change goes ahead only if it still
 * charges exactly that
 * @param replaceScheduled whether a change scheduled for the next billing date is replaced (cancelled by this change)
 * @param discountCode a Dodo discount code the change applies to the new plan ({@code discount_codes}), if any; a
 * plan offer's own code is used when the change accepts one and names none
 */
public record PlanChangeOptions(@Nullable ProrationMode prorationMode, @Nullable EffectiveAt effectiveAt,
		@Nullable OnPaymentFailure onPaymentFailure, @Nullable List<PlanChangeRequest.Addon> addons,
		Map<String, String> metadata, @Nullable String offerId, @Nullable String quoteId, boolean replaceScheduled,
		@Nullable String discountCode) {

	/**
	 * Options without a discount code.
	 * @param prorationMode how to bill
	 * @param effectiveAt when the change applies
	 * @param onPaymentFailure the failure policy
	 * @param addons the complete addon list, or {@code null} to keep the current ones
	 * @param metadata metadata for the change
	 * @param offerId the plan offer it accepts, if any
	 * @param quoteId the quote it must match, if any
	 * @param replaceScheduled whether a scheduled change is replaced
	 */
	public PlanChangeOptions(@Nullable ProrationMode prorationMode, @Nullable EffectiveAt effectiveAt,
			@Nullable OnPaymentFailure onPaymentFailure, @Nullable List<PlanChangeRequest.Addon> addons,
			Map<String, String> metadata, @Nullable String offerId, @Nullable String quoteId,
			boolean replaceScheduled) {
		this(prorationMode, effectiveAt, onPaymentFailure, addons, metadata, offerId, quoteId, replaceScheduled, null);
	}

	/**
	 * Options that leave a scheduled change in place (the change is then refused: one is scheduled).
	 * @param prorationMode how to bill
	 * @param effectiveAt when the change applies
	 * @param onPaymentFailure the failure policy
	 * @param addons the complete addon list, or {@code null} to keep the current ones
	 * @param metadata metadata for the change
	 * @param offerId the plan offer this change accepts
	 * @param quoteId the quote it is pinned to
	 */
	public PlanChangeOptions(@Nullable ProrationMode prorationMode, @Nullable EffectiveAt effectiveAt,
			@Nullable OnPaymentFailure onPaymentFailure, @Nullable List<PlanChangeRequest.Addon> addons,
			Map<String, String> metadata, @Nullable String offerId, @Nullable String quoteId) {
		this(prorationMode, effectiveAt, onPaymentFailure, addons, metadata, offerId, quoteId, false);
	}

	/**
	 * Options without a pinned quote.
	 * @param prorationMode how to bill
	 * @param effectiveAt when the change applies
	 * @param onPaymentFailure the failure policy
	 * @param addons the complete addon list, or {@code null} to keep the current ones
	 * @param metadata metadata for the change
	 * @param offerId the plan offer this change accepts
	 */
	public PlanChangeOptions(@Nullable ProrationMode prorationMode, @Nullable EffectiveAt effectiveAt,
			@Nullable OnPaymentFailure onPaymentFailure, @Nullable List<PlanChangeRequest.Addon> addons,
			Map<String, String> metadata, @Nullable String offerId) {
		this(prorationMode, effectiveAt, onPaymentFailure, addons, metadata, offerId, null);
	}

	/** Copies the collections. */
	public PlanChangeOptions {
		addons = (addons != null) ? List.copyOf(addons) : null;
		metadata = Map.copyOf(metadata);
	}

	/** All defaults. */
	public static PlanChangeOptions defaults() {
		return new PlanChangeOptions(null, null, null, null, Map.of(), null, null);
	}

	/**
	 * Defaults with another proration mode.
	 * @param mode the mode
	 * @return the options
	 */
	public static PlanChangeOptions mode(ProrationMode mode) {
		return new PlanChangeOptions(mode, null, null, null, Map.of(), null, null);
	}

	/**
	 * These options with another effective time.
	 * @param effectiveAt when the change applies
	 * @return the options
	 */
	public PlanChangeOptions effective(EffectiveAt effectiveAt) {
		return new PlanChangeOptions(this.prorationMode, effectiveAt, this.onPaymentFailure, this.addons, this.metadata,
				this.offerId, this.quoteId, this.replaceScheduled, this.discountCode);
	}

	/**
	 * These options with a payment failure policy.
	 * @param onPaymentFailure the policy
	 * @return the options
	 */
	public PlanChangeOptions onFailure(OnPaymentFailure onPaymentFailure) {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, onPaymentFailure, this.addons, this.metadata,
				this.offerId, this.quoteId, this.replaceScheduled, this.discountCode);
	}

	/**
	 * These options accepting a plan offer: the offer's acceptance (one compare-and-set in the offer store,
	 * shared by every instance) lets exactly one change through, and the webhook settles it.
	 * @param offerId the plan offer presented to the customer
	 * @return the options
	 */
	public PlanChangeOptions forOffer(String offerId) {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, this.onPaymentFailure, this.addons,
				this.metadata, offerId, this.quoteId, this.replaceScheduled, this.discountCode);
	}

	/**
	 * These options pinned to the quote the customer saw: the change previews again and is refused with
	 * {@code QUOTE_CHANGED} (the new quote attached) when it would charge or credit anything else.
	 * @param quoteId the {@link PlanChangeQuote#quoteId()} shown
	 * @return the options
	 */
	public PlanChangeOptions quote(String quoteId) {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, this.onPaymentFailure, this.addons,
				this.metadata, this.offerId, quoteId, this.replaceScheduled, this.discountCode);
	}

	/**
	 * These options replacing the change scheduled for the next billing date, if any (Dodo's
	 * {@code cancel_scheduled_change_plan}: the schedule is cancelled by the change that applies, in one transaction; a
	 * change that never applies, such as a declined charge, leaves the schedule in place).
	 * @return the options
	 */
	public PlanChangeOptions replacingScheduled() {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, this.onPaymentFailure, this.addons,
				this.metadata, this.offerId, this.quoteId, true, this.discountCode);
	}

	/**
	 * These options with a Dodo discount code applied to the new plan: the quote shows the price before and after it
	 * and the saving per billing cycle; its limits (cycles, expiry, uses) are Dodo's.
	 * @param code the code
	 * @return the changed options
	 */
	public PlanChangeOptions discounted(String code) {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, this.onPaymentFailure, this.addons,
				this.metadata, this.offerId, this.quoteId, this.replaceScheduled, code);
	}

	/**
	 * These options with the complete add-on list wanted after the change.
	 * @param addons the add-ons; empty removes them all
	 * @return the changed options
	 */
	public PlanChangeOptions withAddons(List<PlanChangeRequest.Addon> addons) {
		return new PlanChangeOptions(this.prorationMode, this.effectiveAt, this.onPaymentFailure, addons,
				this.metadata, this.offerId, this.quoteId, this.replaceScheduled, this.discountCode);
	}

}
