package dev.upsell.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.upsell.bump.OrderBump;

/**
 * Items offered beside the host's own checkout, under {@code dodo.upsell.checkout}.
 *
 * @param bumps The order bumps, in the order the checkout page shows them.
 */
@ConfigurationProperties("dodo.upsell.checkout")
public record OrderBumpProperties(@DefaultValue List<Bump> bumps) {

	/**
	 * The core's bumps.
	 * @return the bumps
	 * @throws IllegalArgumentException naming a bump that does not fit
	 */
	public List<OrderBump> orderBumps() {
		return this.bumps.stream().map(Bump::orderBump).toList();
	}

	/**
	 * One order bump.
	 *
	 * @param id Stable id: the 'offer' metric tag and the bump offers' rule id.
	 * @param product Dodo product added when the customer ticks it.
	 * @param quantity How many.
	 * @param cartContains Shown only beside carts holding every one of these products; empty for every cart.
	 * @param when Who may see it (the same conditions as a funnel step).
	 * @param displayText The line the checkout page shows.
	 * @param discount A Dodo discount the bump carries.
	 * @param experiment A split test of the bump.
	 */
	public record Bump(@Nullable String id, @Nullable String product, @DefaultValue("1") int quantity,
			@DefaultValue List<String> cartContains, FunnelProperties.@Nullable Conditions when,
			@Nullable String displayText, FunnelProperties.@Nullable DiscountProperties discount,
			FunnelProperties.@Nullable ExperimentProperties experiment) {

		OrderBump orderBump() {
			return new OrderBump(this.id, this.product, this.quantity, this.cartContains,
					(this.when != null) ? this.when.toConditions() : dev.upsell.funnel.StepConditions.NONE,
					this.displayText, (this.discount != null) ? this.discount.toDiscount() : null,
					(this.experiment != null) ? this.experiment.toExperiment() : null);
		}

	}

}
