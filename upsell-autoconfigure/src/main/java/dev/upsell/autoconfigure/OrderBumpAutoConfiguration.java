package dev.upsell.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

import dev.upsell.Upsell;
import dev.upsell.bump.OrderBump;
import dev.upsell.bump.OrderBumps;

/**
 * Order bumps: {@code dodo.upsell.checkout.bumps} go into the {@link Upsell} builder through a customizer, and the
 * {@link OrderBumps} bean comes from the {@link Upsell} bean.
 */
@AutoConfiguration(after = OfferAutoConfiguration.class)
@EnableConfigurationProperties(OrderBumpProperties.class)
public final class OrderBumpAutoConfiguration {

	@Bean
	UpsellBuilderCustomizer orderBumpsBuilderCustomizer(OrderBumpProperties properties) {
		List<OrderBump> bumps;
		try {
			bumps = properties.orderBumps();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("dodo.upsell.checkout.bumps", "<see message>",
					ex.getMessage());
		}
		return (builder) -> builder.orderBumps(bumps);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Upsell.class)
	OrderBumps orderBumps(Upsell upsell) {
		return upsell.orderBumps();
	}

}
