package dev.upsell.benchmarks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.web.client.RestClient;

import dev.upsell.checkout.ChargeMethod;
import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.DodoClientSettings;
import dev.upsell.dodo.RestDodoClient;
import dev.upsell.offer.ConfiguredOfferRules;
import dev.upsell.offer.OfferKind;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferRule;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettings;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

/** An {@link OfferService} on a given repository, talking to a simulator. */
final class OfferHarness {

	private OfferHarness() {
	}

	static DodoClient client(DodoSimulator dodo) {
		return new RestDodoClient(RestClient.builder(), new DodoClientSettings(dodo.baseUrl(), "", Duration.ofSeconds(2),
				Duration.ofSeconds(10), new DodoClientSettings.ReadRetry(3, Duration.ofMillis(10), Duration.ofMillis(100))));
	}

	static OfferService service(DodoClient client, OfferRepository repository) {
		return new OfferService(repository,
				new ConfiguredOfferRules(List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING,
						OfferKind.UPSELL, 1, null, ChargeMethod.CHECKOUT_SESSION))),
				client, new PaymentMethodSelector(false), new OneClickCheckout(client, null, "US"), (before, after) -> {
				}, new OfferSettings(Duration.ofHours(1), Duration.ofDays(7), Duration.ofSeconds(30), Duration.ofHours(24),
						Duration.ofDays(7)),
				Clock.systemUTC(), new SecureRandom());
	}

}
