package dev.upsell.dodo;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /subscriptions/{id}/change-plan/preview}.
 *
 * @param immediateCharge what would be charged now
 * @param newPlan the subscription as it would be after the change
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanChangePreview(ImmediateCharge immediateCharge, @Nullable Subscription newPlan) {

	/**
	 * The charge a plan change makes now.
	 *
	 * @param effectiveAt when the change applies
	 * @param lineItems what the charge is made of
	 * @param summary the totals
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ImmediateCharge(@Nullable Instant effectiveAt, List<LineItem> lineItems, Summary summary) {

		/** Never {@code null}. */
		@Override
		public List<LineItem> lineItems() {
			return (this.lineItems != null) ? this.lineItems : List.of();
		}

	}

	/**
	 * A line of the charge, tagged by {@code type} ({@code subscription}, {@code addon}, {@code meter}).
	 *
	 * @param type the line type
	 * @param id the line's subject id
	 * @param productId the product, for subscription lines
	 * @param quantity how many
	 * @param unitPrice unit price in minor units
	 * @param prorationFactor the share of the period billed (1.0 = full period)
	 * @param currency ISO 4217 currency
	 * @param name display name
	 * @param description description
	 * @param tax tax in minor units
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record LineItem(String type, @Nullable String id, @Nullable String productId, @Nullable Integer quantity,
			@Nullable Long unitPrice, @Nullable Double prorationFactor, @Nullable String currency,
			@Nullable String name, @Nullable String description, @Nullable Long tax) {
	}

	/**
	 * The totals of the charge.
	 *
	 * @param totalAmount charged now, minor units
	 * @param currency ISO 4217 currency
	 * @param customerCredits signed minor units: positive = credit added (downgrade), negative = credit used
	 * @param settlementAmount amount in the settlement currency
	 * @param settlementCurrency settlement currency
	 * @param tax tax in minor units
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Summary(long totalAmount, String currency, long customerCredits, @Nullable Long settlementAmount,
			@Nullable String settlementCurrency, @Nullable Long tax) {
	}

}
