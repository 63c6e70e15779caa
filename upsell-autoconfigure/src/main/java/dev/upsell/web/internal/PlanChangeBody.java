package dev.upsell.web.internal;

import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.plan.PlanChangeOptions;

/**
 * The body of {@code POST /upsell/plan-changes} and {@code /preview}, validated as it is bound: a bad field
 * fails with a 400 naming it, before anything is asked of Dodo.
 *
 * @param subscriptionId the subscription (required)
 * @param productId the plan to move to (required)
 * @param quantity a whole number from 1 to 10000 (default 1); {@code 2.5}, {@code "3"} and numbers past the
 * int range are refused, never rounded or wrapped
 * @param prorationMode {@code prorated_immediately}, {@code difference_immediately}, {@code full_immediately}
 * or {@code do_not_bill}; refused unless the host lets customers choose that value
 * @param effectiveAt {@code immediately} or {@code next_billing_date}; refused unless the host allows the value
 * @param onPaymentFailure {@code prevent_change} or {@code apply_change}; refused unless the host allows it
 * @param offerId the plan offer this change accepts
 * @param quoteId the preview's quote, to change only at its figures
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanChangeBody(@Nullable String subscriptionId, @Nullable String productId,
		@Nullable JsonNode quantity, @Nullable String prorationMode, @Nullable String effectiveAt,
		@Nullable String onPaymentFailure, @Nullable String offerId, @Nullable String quoteId) {

	private static final int MAX_QUANTITY = 10_000;

	/** Validates every field. */
	public PlanChangeBody {
		text(subscriptionId, "subscription_id", true);
		text(productId, "product_id", true);
		text(offerId, "offer_id", false);
		text(quoteId, "quote_id", false);
		if (quantity != null && !quantity.isNull()) {
			// whole numbers only, checked before narrowing: 4294967298 must not wrap to 2
			if (!quantity.isIntegralNumber() || !quantity.canConvertToInt() || quantity.intValue() < 1
					|| quantity.intValue() > MAX_QUANTITY) {
				throw new IllegalArgumentException("quantity must be a whole number from 1 to " + MAX_QUANTITY);
			}
		}
		choice(prorationMode, "proration_mode", ProrationMode.class);
		choice(effectiveAt, "effective_at", EffectiveAt.class);
		choice(onPaymentFailure, "on_payment_failure", OnPaymentFailure.class);
	}

	/** The quantity, 1 when not given. */
	public int quantityOrOne() {
		return (this.quantity != null && !this.quantity.isNull()) ? this.quantity.intValue() : 1;
	}

	/**
	 * The options this body asks for: billing fields only where the host lets customers choose them; every other
	 * option is left to the merchant's policy.
	 * @param choices what a customer may choose
	 * @return the options
	 * @throws CustomerPlanChoices.CustomerChoiceException for a billing field the customer may not send
	 */
	public PlanChangeOptions options(CustomerPlanChoices choices) {
		return new PlanChangeOptions(
				CustomerPlanChoices.allowed(choice(this.prorationMode, "proration_mode", ProrationMode.class),
						"proration_mode", choices.prorationModes()),
				CustomerPlanChoices.allowed(choice(this.effectiveAt, "effective_at", EffectiveAt.class), "effective_at",
						choices.effectiveAt()),
				CustomerPlanChoices.allowed(
						choice(this.onPaymentFailure, "on_payment_failure", OnPaymentFailure.class),
						"on_payment_failure", choices.onPaymentFailure()),
				null, java.util.Map.of(), this.offerId, this.quoteId);
	}

	private static void text(@Nullable String value, String field, boolean required) {
		if (value == null && !required) {
			return;
		}
		if (value == null || value.isBlank() || value.length() > 200) {
			throw new IllegalArgumentException(field + (required ? " is required and" : "") + " must be a string of 1 to 200 characters");
		}
	}

	private static <E extends Enum<E>> @Nullable E choice(@Nullable String value, String field, Class<E> type) {
		if (value == null) {
			return null;
		}
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
				return constant;
			}
		}
		throw new IllegalArgumentException(field + " must be one of "
				+ Arrays.stream(type.getEnumConstants()).map((c) -> c.name().toLowerCase(Locale.ROOT)).toList());
	}

}
