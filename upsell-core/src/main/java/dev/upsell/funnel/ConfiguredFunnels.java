package dev.upsell.funnel;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.upsell.catalog.OfferRules;
import dev.upsell.funnel.internal.FunnelValidation;

/**
 * {@link Funnels} from configured funnels plus the rules of an {@link OfferRules} (each a one-step funnel with
 * its downsell, {@link Funnel#of}). The configured funnels are validated on creation, also against the rule
 * ids; the rules are read at each call, so a host's own {@code OfferRules} bean stays live.
 */
public final class ConfiguredFunnels implements Funnels {

	private final OfferRules rules;

	private final List<Funnel> funnels;

	/**
	 * Creates the funnels.
	 * @param rules the one-step rules
	 * @param funnels the configured funnels
	 * @throws IllegalArgumentException naming the first funnel at fault
	 */
	public ConfiguredFunnels(OfferRules rules, List<Funnel> funnels) {
		FunnelValidation.validate(funnels, "dodo.upsell.offers.funnels");
		for (Funnel funnel : funnels) {
			if (rules.find(funnel.id()).isPresent()) {
				throw new IllegalArgumentException("dodo.upsell.offers.funnels (id '" + funnel.id()
						+ "') has the id of a rule in dodo.upsell.offers.rules; ids name the offer metric and must differ");
			}
		}
		this.rules = rules;
		this.funnels = List.copyOf(funnels);
	}

	@Override
	public List<Funnel> triggeredBy(String purchasedProductId) {
		return Stream
			.concat(this.funnels.stream().filter((funnel) -> funnel.triggerProduct().equals(purchasedProductId)),
					this.rules.triggeredBy(purchasedProductId).stream().map(Funnel::of))
			.toList();
	}

	@Override
	public Optional<Funnel> find(String id) {
		return this.funnels.stream()
			.filter((funnel) -> funnel.id().equals(id))
			.findFirst()
			.or(() -> this.rules.find(id).map(Funnel::of));
	}

	@Override
	public List<Funnel> all() {
		return Stream.concat(this.funnels.stream(), this.rules.all().stream().map(Funnel::of)).toList();
	}

}
