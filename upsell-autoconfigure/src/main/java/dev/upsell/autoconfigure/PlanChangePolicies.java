package dev.upsell.autoconfigure;

import java.util.Set;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.upsell.dodo.ProrationMode;
import dev.upsell.plan.PlanChangePolicy;
import dev.upsell.plan.PlanChangeTerms;
import dev.upsell.web.internal.CustomerPlanChoices;

/** Maps {@code dodo.upsell.plan-change.*} to the plan package's policy and the web layer's customer choices. */
final class PlanChangePolicies {

	private PlanChangePolicies() {
	}

	/**
	 * The billing policy per direction; a direction without a proration mode takes
	 * {@code plan-change.proration-mode}.
	 * @param properties the plan change properties
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException naming the key of terms Dodo would refuse
	 */
	static PlanChangePolicy of(UpsellProperties.PlanChange properties) {
		return new PlanChangePolicy(terms("upgrade", properties.upgrade(), properties.prorationMode()),
				terms("downgrade", properties.downgrade(), properties.prorationMode()),
				terms("same-price", properties.samePrice(), properties.prorationMode()),
				properties.collectViaPaymentLink());
	}

	/**
	 * What a customer may choose over HTTP.
	 * @param properties the plan change properties
	 * @return the choices
	 */
	static CustomerPlanChoices customerChoices(UpsellProperties.PlanChange properties) {
		UpsellProperties.CustomerMayChoose choose = properties.customerMayChoose();
		return new CustomerPlanChoices(Set.copyOf(choose.prorationModes()), Set.copyOf(choose.effectiveAt()),
				Set.copyOf(choose.onPaymentFailure()));
	}

	private static PlanChangeTerms terms(String direction, UpsellProperties.Terms terms, ProrationMode fallback) {
		ProrationMode mode = (terms.prorationMode() != null) ? terms.prorationMode() : fallback;
		try {
			return new PlanChangeTerms(mode, terms.effectiveAt(), terms.onPaymentFailure());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("dodo.upsell.plan-change." + direction + ".effective-at",
					terms.effectiveAt(), ex.getMessage());
		}
	}

}
