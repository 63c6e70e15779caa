package dev.upsell.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Product;

/** The demo's product catalogue, read from Dodo (or the simulator) through the starter's client. */
@RestController
class CatalogController {

	static final List<String> PRODUCTS = List.of("prod_course", "prod_coaching", "prod_workbook", "prod_templates",
			"prod_basic", "prod_pro", "prod_team");

	private final DodoClient dodo;

	CatalogController(DodoClient dodo) {
		this.dodo = dodo;
	}

	@GetMapping("/api/products")
	List<Product> products() {
		return PRODUCTS.stream().map(this.dodo::getProduct).toList();
	}

}
