package dev.upsell.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.upsell.dodo.DodoClient;
import dev.upsell.offer.ConfiguredProductsCheck;

/**
 * Runs {@link ConfiguredProductsCheck} once the application is ready, off the start-up thread (a Dodo that is
 * slow or down never delays start-up), and again every {@code retry} until Dodo could be asked, at most
 * {@code tries} times. Each product a rule or funnel names is reported with its {@code dodo.upsell.*} key.
 */
final class ConfiguredProductsStartupCheck implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(ConfiguredProductsStartupCheck.class);

	private final ConfiguredProductsCheck check;

	private final Duration retry;

	private final int tries;

	private volatile @Nullable List<String> unknown;

	ConfiguredProductsStartupCheck(ConfiguredProductsCheck check, Duration retry, int tries) {
		this.check = check;
		this.retry = retry;
		this.tries = tries;
	}

	/** The products Dodo answered 404 for, once the check ran; {@code null} before. */
	@Nullable List<String> unknown() {
		return this.unknown;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread thread = new Thread(this::run, "upsell-product-check");
		thread.setDaemon(true);
		thread.start();
	}

	private void run() {
		for (int attempt = 0; attempt < this.tries; attempt++) {
			List<String> found = this.check.check();
			if (found != null) {
				this.unknown = found;
				return;
			}
			try {
				Thread.sleep(this.retry.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		logger.info("Dodo could not be reached to check the configured products; they are checked as offers are made");
	}

	/** Every product the configuration names, with the keys that name it. */
	static Map<String, List<String>> products(UpsellProperties.Offers offers) {
		Map<String, List<String>> products = new LinkedHashMap<>();
		for (int i = 0; i < offers.rules().size(); i++) {
			UpsellProperties.Rule rule = offers.rules().get(i);
			String key = "dodo.upsell.offers.rules[" + i + "].";
			add(products, rule.triggerProduct(), key + "trigger-product");
			add(products, rule.offerProduct(), key + "offer-product");
			add(products, rule.downsellProduct(), key + "downsell-product");
		}
		for (int i = 0; i < offers.funnels().size(); i++) {
			FunnelProperties funnel = offers.funnels().get(i);
			String key = "dodo.upsell.offers.funnels[" + i + "].";
			add(products, funnel.triggerProduct(), key + "trigger-product");
			for (int j = 0; j < funnel.steps().size(); j++) {
				FunnelProperties.Step step = funnel.steps().get(j);
				add(products, step.offerProduct(), key + "steps[" + j + "].offer-product");
				if (step.experiment() != null) {
					for (int k = 0; k < step.experiment().variants().size(); k++) {
						add(products, step.experiment().variants().get(k).offerProduct(),
								key + "steps[" + j + "].experiment.variants[" + k + "].offer-product");
					}
				}
			}
		}
		return products;
	}

	/**
	 * Every product the configuration names, the triggered offers' and the order bumps' included.
	 * @param offers the offers' settings
	 * @param triggered the triggered offers, if configured
	 * @param checkout the order bumps, if configured
	 * @return each product with the keys that name it
	 */
	static Map<String, List<String>> products(UpsellProperties.Offers offers, @Nullable TriggeredOfferProperties triggered,
			@Nullable OrderBumpProperties checkout) {
		Map<String, List<String>> products = products(offers);
		if (triggered != null) {
			for (int i = 0; i < triggered.offers().size(); i++) {
				add(products, triggered.offers().get(i).product(), "dodo.upsell.triggered.offers[" + i + "].product");
			}
		}
		if (checkout != null) {
			for (int i = 0; i < checkout.bumps().size(); i++) {
				OrderBumpProperties.Bump bump = checkout.bumps().get(i);
				String key = "dodo.upsell.checkout.bumps[" + i + "].";
				add(products, bump.product(), key + "product");
				if (bump.experiment() != null) {
					for (int k = 0; k < bump.experiment().variants().size(); k++) {
						add(products, bump.experiment().variants().get(k).offerProduct(),
								key + "experiment.variants[" + k + "].offer-product");
					}
				}
			}
		}
		return products;
	}

	private static void add(Map<String, List<String>> products, @Nullable String product, String key) {
		if (product != null && !product.isBlank()) {
			products.computeIfAbsent(product, (id) -> new ArrayList<>()).add(key);
		}
	}

}
