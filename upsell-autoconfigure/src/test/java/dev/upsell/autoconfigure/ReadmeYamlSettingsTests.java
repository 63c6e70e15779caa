package dev.upsell.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every YAML block of the README, loaded as a host would load it: dodo-upsell knows every key it sets, so a host
 * that copies one sees no "Unknown setting" warning (list elements such as {@code when.countries[0]} included).
 */
class ReadmeYamlSettingsTests {

	private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyReadmeYamlBlockSetsOnlyKnownKeys() throws IOException {
		String readme = Files.readString(readme(), StandardCharsets.UTF_8);
		Set<String> known = UnknownSettingsCheck.knownKeys();
		assertThat(known).isNotEmpty();
		Matcher blocks = YAML_BLOCK.matcher(readme);
		List<String> unknown = new ArrayList<>();
		int checked = 0;
		for (int block = 0; blocks.find(); block++) {
			StandardEnvironment environment = new StandardEnvironment();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("README yaml block " + block,
					new ByteArrayResource(blocks.group(1).getBytes(StandardCharsets.UTF_8)))) {
				environment.getPropertySources().addFirst(source);
				if (source.getSource() instanceof java.util.Map<?, ?> map
						&& map.keySet().stream().anyMatch((key) -> key.toString().startsWith("dodo.upsell."))) {
					checked++;
				}
			}
			unknown.addAll(new UnknownSettingsCheck(environment).unknownKeys(known));
		}
		assertThat(checked).as("README yaml blocks with dodo.upsell keys").isGreaterThanOrEqualTo(2);
		assertThat(unknown).isEmpty();
	}

	/** The repository's README, from whichever module the test runs in (also the Boot 4.0 line's). */
	private static Path readme() {
		Path here = Path.of("").toAbsolutePath();
		while (here != null && !(Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("mvnw")))) {
			here = here.getParent();
		}
		assertThat(here).as("the repository root, above " + Path.of("").toAbsolutePath()).isNotNull();
		return here.resolve("README.md");
	}

	@Test
	void aListElementIsKnownWhenItsListIsAndAMisspeltKeyStillIsNot() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test",
				java.util.Map.of("dodo.upsell.offers.funnels[0].steps[0].when.countries[0]", "US",
						"dodo.upsell.offers.funnels[0].steps[0].when.not-owns[1]", "prod_x",
						"dodo.upsell.offers.ttll", "5m")));
		assertThat(new UnknownSettingsCheck(environment).unknownKeys(UnknownSettingsCheck.knownKeys()))
			.containsExactly("dodo.upsell.offers.ttll");
	}

}
