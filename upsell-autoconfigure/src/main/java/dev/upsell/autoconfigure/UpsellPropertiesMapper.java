package dev.upsell.autoconfigure;

import dev.upsell.Upsell;

/**
 * Turns the {@code dodo.upsell.*} properties into the core's settings on an {@link Upsell.Builder}: the one place
 * a property becomes a setting, as Spring Boot's {@code HttpClientSettingsPropertyMapper} does for HTTP clients.
 */
final class UpsellPropertiesMapper {

	private final UpsellProperties properties;

	private final DodoConnectionDetails connection;

	UpsellPropertiesMapper(UpsellProperties properties, DodoConnectionDetails connection) {
		this.properties = properties;
		this.connection = connection;
	}

	/**
	 * Applies the properties.
	 * @param builder the builder
	 * @return the builder
	 */
	Upsell.Builder map(Upsell.Builder builder) {
		UpsellProperties.Offers offers = this.properties.offers();
		UpsellProperties.PlanChange planChange = this.properties.planChange();
		return builder.offerSettings(offers.settings())
			.pricePreview(offers.pricePreview())
			.returnUrl(offers.returnUrl())
			.billingCountry(offers.billingCountry())
			.paymentRetention(offers.paymentRetention())
			.fulfilment(this.properties.fulfilment().settings())
			.reconciliation(this.properties.reconciliation().timings())
			.planChangePolicy(PlanChangePolicies.of(planChange))
			.planChangeQuotes(planChange.quoteTtl(), QuoteKeys.of(planChange.quoteSecret(),
					this.properties.webhook().secrets(this.connection.webhookSecret()), this.connection.apiKey()));
	}

}
