package dev.upsell.benchmarks;

import java.time.Duration;
import java.util.List;

import org.springframework.web.client.RestClient;

import dev.upsell.Upsell;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettings;
import dev.upsell.restclient.DodoClientSettings;
import dev.upsell.restclient.RestDodoClient;
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

	/** Built as the auto-configuration builds it, without Spring. */
	static OfferService service(DodoClient client, OfferRepository repository) {
		return Upsell.builder(client)
			.store(repository)
			.rules(List.of(new OfferRule("coaching", DemoData.COURSE, DemoData.COACHING, OfferKind.UPSELL, 1, null,
					ChargeMethod.CHECKOUT_SESSION)))
			.offerSettings(new OfferSettings(Duration.ofHours(1), Duration.ofDays(7), Duration.ofSeconds(30),
					Duration.ofHours(24), Duration.ofDays(7), true))
			.build()
			.offers();
	}

}
