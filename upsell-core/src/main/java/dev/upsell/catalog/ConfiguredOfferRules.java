package dev.upsell.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link OfferRules} from a fixed list, validated on creation: every rule needs an id, both products, a
 * positive quantity and the kind upsell or cross-sell; ids are unique; a downsell differs from the offer.
 */
public final class ConfiguredOfferRules implements OfferRules {

	private final List<OfferRule> rules;

	/**
	 * Creates the rules.
	 * @param rules the rules
	 * @throws IllegalArgumentException naming the first invalid rule
	 */
	public ConfiguredOfferRules(List<OfferRule> rules) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < rules.size(); i++) {
			OfferRule rule = rules.get(i);
			String name = "dodo.upsell.offers.rules[" + i + "]" + ((rule.id() != null) ? " (id '" + rule.id() + "')" : "");
			require(rule.id() != null && !rule.id().isBlank(), name + " has no id");
			require(rule.id().matches("[A-Za-z0-9_.-]{1,64}"),
					name + " has an id that is not 1-64 letters, digits, '.', '_' or '-'");
			require(ids.add(rule.id()), name + " repeats the id of an earlier rule");
			require(rule.triggerProduct() != null && !rule.triggerProduct().isBlank(), name + " has no trigger-product");
			require(rule.offerProduct() != null && !rule.offerProduct().isBlank(), name + " has no offer-product");
			require(rule.kind() == OfferKind.UPSELL || rule.kind() == OfferKind.CROSS_SELL,
					name + " has kind " + rule.kind() + "; a rule is an upsell or a cross-sell");
			require(rule.quantity() >= 1, name + " has quantity " + rule.quantity() + "; it must be at least 1");
			require(rule.downsellProduct() == null || !rule.downsellProduct().equals(rule.offerProduct()),
					name + " offers the same product as its downsell");
		}
		this.rules = List.copyOf(rules);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	@Override
	public List<OfferRule> triggeredBy(String purchasedProductId) {
		return this.rules.stream().filter((rule) -> rule.triggerProduct().equals(purchasedProductId)).toList();
	}

	@Override
	public Optional<OfferRule> find(String id) {
		return this.rules.stream().filter((rule) -> rule.id().equals(id)).findFirst();
	}

	@Override
	public List<OfferRule> all() {
		return this.rules;
	}

}
