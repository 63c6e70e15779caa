package dev.upsell.plan.internal;

import dev.upsell.catalog.Money;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.Subscription;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.plan.PlanChangeQuote;

/**
 * The two reads a plan change starts from, with their refusals: a subscription of this customer (another
 * customer's answers exactly like a missing one), and a plan that is a subscription product.
 */
public final class PlanCatalog {

	private final DodoClient dodo;

	public PlanCatalog(DodoClient dodo) {
		this.dodo = dodo;
	}

	public Subscription subscription(String customerId, String subscriptionId) {
		Subscription subscription;
		try {
			subscription = this.dodo.getSubscription(subscriptionId);
		}
		catch (DodoApiException ex) {
			if (ex.status() == 404) {
				throw notFound(subscriptionId);
			}
			throw ex;
		}
		if (subscription.customer() == null || !subscription.customer().customerId().equals(customerId)) {
			throw notFound(subscriptionId);
		}
		return subscription;
	}

	public Product plan(String productId) {
		Product product;
		try {
			product = this.dodo.getProduct(productId);
		}
		catch (DodoApiException ex) {
			if (ex.status() == 404) {
				throw new PlanChangeException(PlanChangeException.Reason.INVALID_PLAN, "No plan " + productId);
			}
			throw ex;
		}
		if (!product.isRecurring()) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_PLAN,
					productId + " is not a subscription product");
		}
		return product;
	}

	/**
	 * What a discount code takes off the new plan's price per period, from Dodo's own code ({@code GET
	 * /discounts/code/{code}}).
	 * @param code the code the change sends (Dodo's preview already took it)
	 * @param newPrice the new plan's price per period before it
	 * @return the discount
	 */
	public PlanChangeQuote.Discount discount(String code, Money newPrice) {
		Discount found;
		try {
			found = this.dodo.getDiscountByCode(code);
		}
		catch (DodoApiException ex) {
			if (ex.isOutcomeUnknown()) {
				throw ex;
			}
			throw new PlanChangeException(PlanChangeException.Reason.DODO_REFUSED, "Dodo does not know the discount code");
		}
		long saving = "percentage".equals(found.type()) ? newPrice.amount() * found.amount() / 10_000
				: Math.min(found.amount(), newPrice.amount());
		return new PlanChangeQuote.Discount(found.code(), "percentage".equals(found.type()) ? found.amount() : 0,
				found.subscriptionCycles(), new Money(newPrice.amount() - saving, newPrice.currency()),
				new Money(saving, newPrice.currency()));
	}

	/** Dodo's refusal of a change, by its reason. */
	public static PlanChangeException refused(DodoApiException ex) {
		String code = (ex.code() != null) ? ex.code() : "";
		if (ex.status() == 409 || code.endsWith("PLAN_CHANGE_EXISTS")) {
			return new PlanChangeException(PlanChangeException.Reason.CHANGE_PENDING,
					"A plan change is already pending (" + code + ")");
		}
		if (code.contains("CURRENCY")) {
			return new PlanChangeException(PlanChangeException.Reason.CURRENCY_MISMATCH,
					"Dodo cannot bill this plan in the subscription's currency (" + code + ")");
		}
		if (code.startsWith("INACTIVE_SUBSCRIPTION")) {
			return new PlanChangeException(PlanChangeException.Reason.SUBSCRIPTION_NOT_ACTIVE,
					"The subscription is not active (" + code + ")");
		}
		return new PlanChangeException(PlanChangeException.Reason.DODO_REFUSED,
				"Dodo refused the plan change: " + ((ex.dodoMessage() != null) ? ex.dodoMessage() : code));
	}

	private static PlanChangeException notFound(String subscriptionId) {
		return new PlanChangeException(PlanChangeException.Reason.SUBSCRIPTION_NOT_FOUND,
				"No subscription " + subscriptionId);
	}

}
