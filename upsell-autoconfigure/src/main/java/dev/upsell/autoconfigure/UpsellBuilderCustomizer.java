package dev.upsell.autoconfigure;

import dev.upsell.Upsell;

/**
 * Changes one thing of the {@link Upsell} the starter builds, without replacing a bean: declare one (or more,
 * ordered with {@code @Order}) and it is applied after the {@code dodo.upsell.*} properties, e.g.
 * {@code builder -> builder.pricePreview(false)}.
 */
@FunctionalInterface
public interface UpsellBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties applied
	 */
	void customize(Upsell.Builder builder);

}
