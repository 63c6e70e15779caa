package dev.upsell.offer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;

/**
 * Checks, once Dodo is reachable, that every product the configuration offers is one Dodo knows: a rule or funnel
 * step naming a product Dodo answers 404 for is reported with its configuration key (its offers are skipped, the
 * others are shown). Reads only; a Dodo that cannot be reached leaves the check for a later try.
 */
public final class ConfiguredProductsCheck {

	private static final Log logger = LogFactory.getLog(ConfiguredProductsCheck.class);

	private final DodoClient dodo;

	private final Map<String, List<String>> keysByProduct;

	/**
	 * Creates the check.
	 * @param dodo the Dodo client
	 * @param keysByProduct each configured product, with the configuration keys that name it
	 */
	public ConfiguredProductsCheck(DodoClient dodo, Map<String, List<String>> keysByProduct) {
		this.dodo = dodo;
		this.keysByProduct = new LinkedHashMap<>(keysByProduct);
	}

	/**
	 * Looks every configured product up once.
	 * @return the products Dodo does not know (each reported), or {@code null} when Dodo could not be asked now
	 */
	public List<String> check() {
		List<String> unknown = new java.util.ArrayList<>();
		for (Map.Entry<String, List<String>> product : this.keysByProduct.entrySet()) {
			try {
				this.dodo.getProduct(product.getKey());
			}
			catch (DodoApiException ex) {
				if (ex.status() == 404) {
					unknown.add(product.getKey());
					logger.error(String.join(", ", product.getValue()) + " names product " + product.getKey()
							+ ", which Dodo does not know (404 on " + ex.operation() + "): its offers are skipped, the "
							+ "others are shown. Create the product in Dodo's dashboard or correct the key");
				}
				else if (ex.isNoResponse() || ex.status() >= 500 || ex.status() == 429) {
					return null;
				}
				// a 401 or 403 is the API key's problem, reported when offers are made
			}
		}
		return unknown;
	}

}
