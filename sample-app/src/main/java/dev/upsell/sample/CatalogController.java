package dev.upsell.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.catalog.Money;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Product;

/**
 * The demo shop's catalogue: the name and price come from Dodo (or the simulator) through the starter's client,
 * the words and pictures a customer sees beside them from the shop's own copy, as in any shop.
 */
@RestController
class CatalogController {

	/** The shop's own copy per product: a one-line description and an icon under {@code /icons}. */
	static final Map<String, Copy> COPY = Map.of(
			"prod_course", new Copy("Twelve video lessons and exercises, yours to keep.", "course"),
			"prod_coaching", new Copy("Two 45-minute video calls with your instructor to review your project.", "coaching"),
			"prod_workbook", new Copy("The printable workbook: every exercise from the course, with worked answers.", "workbook"),
			"prod_templates", new Copy("Thirty ready-to-use templates from the lessons, for your own projects.", "templates"),
			"prod_basic", new Copy("New lessons every month.", "plan"),
			"prod_pro", new Copy("New lessons, plus a monthly live Q&A.", "plan"),
			"prod_team", new Copy("Pro for up to five people.", "plan"),
			"prod_basic_yearly", new Copy("New lessons every month, billed once a year.", "plan"));

	private final DodoClient dodo;

	CatalogController(DodoClient dodo) {
		this.dodo = dodo;
	}

	@GetMapping("/api/products")
	List<Map<String, Object>> products() {
		return COPY.keySet().stream().sorted().map((id) -> describe(this.dodo.getProduct(id))).toList();
	}

	private static Map<String, Object> describe(Product product) {
		Copy copy = COPY.get(product.productId());
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", product.productId());
		item.put("name", product.name());
		item.put("description", copy.description());
		item.put("icon", "/icons/" + copy.icon() + ".svg");
		String price = new Money(product.price().discountedPrice(), product.price().currency()).format(Locale.US);
		boolean yearly = "year".equalsIgnoreCase(product.price().paymentFrequencyInterval());
		item.put("price", product.isRecurring() ? price + (yearly ? "/year" : "/month") : price);
		return item;
	}

	/**
	 * What the shop says about a product.
	 *
	 * @param description one line for the customer
	 * @param icon the icon's file name under {@code /icons}, without {@code .svg}
	 */
	record Copy(String description, String icon) {
	}

}
