package dev.upsell.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

import dev.upsell.Upsell;
import dev.upsell.trigger.OfferTrigger;
import dev.upsell.trigger.TriggeredOffers;

/**
 * Triggered offers: {@code dodo.upsell.triggered.offers} go into the {@link Upsell} builder through a customizer, and
 * the {@link TriggeredOffers} bean comes from the {@link Upsell} bean.
 */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@EnableConfigurationProperties(TriggeredOfferProperties.class)
public final class TriggeredOfferAutoConfiguration {

	@Bean
	UpsellBuilderCustomizer triggeredOffersBuilderCustomizer(TriggeredOfferProperties properties) {
		List<OfferTrigger> triggers;
		try {
			triggers = properties.triggers();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("dodo.upsell.triggered.offers", "<see message>",
					ex.getMessage());
		}
		return (builder) -> builder.triggers(triggers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Upsell.class)
	TriggeredOffers triggeredOffers(Upsell upsell) {
		return upsell.triggeredOffers();
	}

}
