package dev.upsell.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.web.client.RestClient;

import dev.upsell.checkout.ChargeMethod;
import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.DodoClientSettings;
import dev.upsell.dodo.RestDodoClient;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.offer.ConfiguredOfferRules;
import dev.upsell.offer.FunnelNavigator;
import dev.upsell.offer.OfferAcceptance;
import dev.upsell.offer.OfferCreation;
import dev.upsell.offer.OfferEligibility;
import dev.upsell.offer.OfferKind;
import dev.upsell.offer.OfferPricing;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferRule;
import dev.upsell.offer.OfferRules;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettlement;
import dev.upsell.offer.OfferTransitions;
import dev.upsell.offer.OwnedProducts;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

/** An {@link OfferService} on a given repository, talking to a simulator. */
final class OfferHarness {

	private OfferHarness() {
	}

	static DodoClient client(DodoSimulator dodo) {
		return new RestDodoClient(RestClient.builder(), new DodoClientSettings(dodo.baseUrl(), dodo.apiKey(), Duration.ofSeconds(2),
				Duration.ofSeconds(10), new DodoClientSettings.ReadRetry(3, Duration.ofMillis(10), Duration.ofMillis(100))));
	}

	/** Wired as the auto-configuration wires it, without Spring. */
	static OfferService service(DodoClient client, OfferRepository repository) {
		OfferRules rules = new ConfiguredOfferRules(List.of(new OfferRule("coaching", DemoData.COURSE,
				DemoData.COACHING, OfferKind.UPSELL, 1, null, ChargeMethod.CHECKOUT_SESSION)));
		Duration acceptWait = Duration.ofSeconds(30);
		OneClickCheckout checkout = new OneClickCheckout(client, null, "US");
		OfferTransitions transitions = new OfferTransitions(repository, (event) -> {
		}, Clock.systemUTC());
		OfferSettlement settlement = new OfferSettlement(transitions, checkout, rules, acceptWait);
		FunnelNavigator navigator = new FunnelNavigator(new ConfiguredFunnels(rules, List.of()), transitions,
				new OfferCreation(transitions, client, Duration.ofHours(1), new OfferPricing(client, true)),
				new OfferEligibility(OwnedProducts.none(), true, Duration.ofDays(7), Clock.systemUTC()),
				OfferTargeting.everyone());
		return new OfferService(navigator, transitions, new OfferAcceptance(transitions, settlement, client,
				new FirstEligiblePaymentMethod(false), checkout, acceptWait, new OfferPricing(client, true)));
	}

}
