package dev.upsell.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE's view of {@code dodo.upsell.*}: the metadata the build generates from {@link UpsellProperties} and
 * {@code additional-spring-configuration-metadata.json} documents every key, the keys of a rule, and the values
 * each enum key takes.
 */
class ConfigurationMetadataTests {

	private final JsonNode metadata = read();

	@Test
	void everyKeyIsDescribed() {
		List<String> undescribed = new ArrayList<>();
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("dodo.upsell.") && (!property.has("description")
					|| property.get("description").asString().isBlank())) {
				undescribed.add(name);
			}
		}
		assertThat(undescribed).isEmpty();
	}

	@Test
	void aRulesKeysAreListedWithTheValuesTheyTake() {
		assertThat(names("properties")).contains("dodo.upsell.offers.rules[].id",
				"dodo.upsell.offers.rules[].trigger-product", "dodo.upsell.offers.rules[].offer-product",
				"dodo.upsell.offers.rules[].kind", "dodo.upsell.offers.rules[].quantity",
				"dodo.upsell.offers.rules[].downsell-product", "dodo.upsell.offers.rules[].charge-with");
		assertThat(values("dodo.upsell.offers.rules[].kind")).containsExactly("upsell", "cross-sell");
		assertThat(values("dodo.upsell.offers.rules[].charge-with")).containsExactly("checkout-session",
				"one-time-payment");
		assertThat(values("dodo.upsell.store.initialize-schema")).containsExactly("embedded", "always", "never");
		assertThat(values("dodo.upsell.api.environment")).containsExactly("test-mode", "live-mode");
	}

	private List<String> names(String section) {
		List<String> names = new ArrayList<>();
		this.metadata.get(section).forEach((entry) -> names.add(entry.get("name").asString()));
		return names;
	}

	private List<String> values(String property) {
		List<String> values = new ArrayList<>();
		for (JsonNode hint : this.metadata.get("hints")) {
			if (hint.get("name").asString().equals(property)) {
				hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
			}
		}
		return values;
	}

	private static JsonNode read() {
		// this module's own metadata, as the build generated it (other jars on the class path carry theirs)
		try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/spring-configuration-metadata.json"))) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
