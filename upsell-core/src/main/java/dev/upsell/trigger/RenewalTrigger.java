package dev.upsell.trigger;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.webhook.DodoEvent;

/**
 * Fires {@link TriggeredOffers#RENEWAL} when Dodo's {@code subscription.renewed} arrives. Showing an offer moves no
 * money; one that cannot be shown now (Dodo unreachable) is logged, never a reason to refuse the webhook, whose
 * settlement has run already. A replayed renewal meets the offers' cooldown.
 */
final class RenewalTrigger implements Consumer<DodoEvent> {

	private static final Log logger = LogFactory.getLog(RenewalTrigger.class);

	private final TriggeredOffers offers;

	/**
	 * Creates the handler.
	 * @param offers the triggered offers
	 */
	RenewalTrigger(TriggeredOffers offers) {
		this.offers = offers;
	}

	@Override
	public void accept(DodoEvent event) {
		if (!(event instanceof DodoEvent.SubscriptionRenewed renewed) || this.offers.triggers().isEmpty()
				|| renewed.subscription().customer() == null) {
			return;
		}
		String customerId = renewed.subscription().customer().customerId();
		String subscriptionId = renewed.subscription().subscriptionId();
		try {
			this.offers.fire(customerId, TriggeredOffers.RENEWAL, subscriptionId, PurchaseContext.of(subscriptionId));
		}
		catch (RuntimeException ex) {
			logger.warn("Renewal offers for subscription " + LogText.id(subscriptionId) + " not shown: " + ex.getMessage());
		}
	}

}
