package dev.upsell.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.upsell.test.simulator.StateModel.Subscription;

/**
 * The figures of one plan change. Proration math, per Dodo's guide (the exact rounding is a guess: half up to
 * the minor unit):
 * <ul>
 * <li>{@code difference_immediately}: charge new − old now; a downgrade adds old − new as credit.</li>
 * <li>{@code prorated_immediately}: charge (new − old) × remaining share of the period; a downgrade adds the
 * same prorated amount as credit.</li>
 * <li>{@code full_immediately}: charge the full new price and restart the period now.</li>
 * <li>{@code do_not_bill}: charge nothing.</li>
 * </ul>
 * Old and new amounts include the addons (SDK: the {@code addons} of a change replace the subscription's;
 * none sent removes them). Existing credit pays for a charge first (reported as negative
 * {@code customer_credits}). Tax of a tax-exclusive plan is added to the charge at the new plan's rate.
 */
final class PlanChangeFigures {

	final Subscription subscription;

	final SimProduct product;

	final int quantity;

	final Map<String, Integer> addons;

	final String mode;

	final boolean scheduled;

	final Instant now;

	final Instant effectiveAt;

	final double prorationFactor;

	/** The pre-tax charge. */
	final long charge;

	final long tax;

	final long creditDelta;

	/** What else the change does to the subscription it changes (its discount codes); nothing on a preview's copy. */
	java.util.function.@org.jspecify.annotations.Nullable Consumer<Subscription> onApplied;

	PlanChangeFigures(Subscription subscription, long oldAmount, SimProduct product, int quantity,
			Map<String, Integer> addons, long newAddonAmount, String mode, boolean scheduled, Instant now) {
		this.subscription = subscription;
		this.product = product;
		this.quantity = quantity;
		this.addons = new LinkedHashMap<>(addons);
		this.mode = mode;
		this.scheduled = scheduled;
		this.now = now;
		this.effectiveAt = scheduled ? subscription.nextBilling : now;
		long newAmount = product.price() * quantity + newAddonAmount;
		long period = Duration.between(subscription.previousBilling, subscription.nextBilling).toSeconds();
		long remaining = Math.max(0, Duration.between(now, subscription.nextBilling).toSeconds());
		double share = (period > 0) ? Math.min(1.0, (double) remaining / period) : 0.0;
		long gross;
		switch (mode) {
			case "difference_immediately" -> {
				gross = newAmount - oldAmount;
				this.prorationFactor = 1.0;
			}
			case "prorated_immediately" -> {
				gross = Math.round((newAmount - oldAmount) * share);
				this.prorationFactor = share;
			}
			case "full_immediately" -> {
				gross = scheduled ? 0 : newAmount;
				this.prorationFactor = 1.0;
			}
			default -> {
				gross = 0;
				this.prorationFactor = 0.0;
			}
		}
		if (gross < 0) {
			this.charge = 0;
			this.creditDelta = -gross;
		}
		else {
			long used = Math.min(subscription.credits, gross);
			this.charge = gross - used;
			this.creditDelta = -used;
		}
		this.tax = product.taxInclusive() ? 0 : (this.charge * product.taxBasisPoints() + 5_000) / 10_000;
	}

	/** The amount charged now, tax included. */
	long total() {
		return this.charge + this.tax;
	}

	void applyTo(Subscription target) {
		target.productId = this.product.productId();
		target.quantity = this.quantity;
		target.addons = new LinkedHashMap<>(this.addons);
		target.credits += this.creditDelta;
		if (this.mode.equals("full_immediately")) {
			target.previousBilling = this.now;
			target.nextBilling = this.now.plus(Duration.ofDays(this.product.periodDays()));
		}
		if (this.onApplied != null) {
			this.onApplied.accept(target);
		}
	}

}
