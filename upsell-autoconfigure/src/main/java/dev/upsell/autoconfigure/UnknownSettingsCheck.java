package dev.upsell.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Warns at start-up about settings under {@code dodo.upsell} that dodo-upsell does not know ({@code offer:} for
 * {@code offers:}), with the closest known key: a misspelt key is otherwise silently ignored, and its default
 * applies. Known keys come from the configuration metadata the build generates. Only the key's name is logged,
 * never its value, and only in the characters a key can have.
 */
final class UnknownSettingsCheck implements InitializingBean {

	private static final Log logger = LogFactory.getLog(UnknownSettingsCheck.class);

	private static final String PREFIX = "dodo.upsell.";

	/** Marks a known map-valued key: any key below it is known. */
	private static final String ANY_KEY = ".*";

	private static final Pattern INDEX = Pattern.compile("\\[\\d+\\]");

	private static final Pattern SAFE = Pattern.compile("[a-z0-9.\\[\\]-]{1,200}");

	private final Environment environment;

	UnknownSettingsCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		Set<String> known = knownKeys();
		if (known.isEmpty()) {
			return;
		}
		for (String key : unknownKeys(known)) {
			String suggestion = closest(key, known);
			logger.warn("Unknown setting " + key + ": dodo-upsell ignores it"
					+ ((suggestion != null) ? "; did you mean " + suggestion + "?" : ""));
		}
	}

	/**
	 * The keys under {@code dodo.upsell} that no dodo-upsell property or group has.
	 * @param known the known keys
	 * @return the unknown ones, each once, in order
	 */
	Set<String> unknownKeys(Set<String> known) {
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream().map(ConfigurationPropertyName::toString).filter((name) -> name.startsWith(PREFIX))
				.forEach((name) -> {
					String normalized = INDEX.matcher(name).replaceAll("[]");
					if (normalized.endsWith("[]") && known.contains(normalized.substring(0, normalized.length() - 2))) {
						// an element of a list-valued key (when.countries[0]): the list is the key
						return;
					}
					if (!known.contains(normalized) && known.stream().noneMatch((key) -> key.startsWith(normalized + "."))
							&& known.stream().noneMatch((key) -> key.endsWith(ANY_KEY)
									&& normalized.startsWith(key.substring(0, key.length() - 1)))
							&& SAFE.matcher(name).matches()) {
						unknown.add(name);
					}
				});
		}
		return unknown;
	}

	/** The known key whose path differs from this one in the fewest characters (at most 2), if any. */
	private static @Nullable String closest(String key, Set<String> known) {
		String normalized = INDEX.matcher(key).replaceAll("[]");
		String best = null;
		int bestDistance = 3;
		for (String candidate : known) {
			if (candidate.endsWith(ANY_KEY)) {
				continue;
			}
			int distance = distance(normalized, candidate);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = candidate;
			}
			else if (candidate.startsWith(PREFIX)) {
				// a misspelt group: compare the leading segments only (dodo.upsell.offer.rules[].id vs offers.…)
				int dot = candidate.indexOf('.', PREFIX.length());
				int keyDot = normalized.indexOf('.', PREFIX.length());
				if (dot > 0 && keyDot > 0 && normalized.substring(keyDot).equals(candidate.substring(dot))) {
					int groupDistance = distance(normalized.substring(0, keyDot), candidate.substring(0, dot));
					if (groupDistance < bestDistance) {
						bestDistance = groupDistance;
						best = candidate;
					}
				}
			}
		}
		return best;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** Every dodo-upsell key the generated configuration metadata names. */
	static Set<String> knownKeys() {
		Set<String> known = new TreeSet<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			Enumeration<URL> resources = UnknownSettingsCheck.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json");
			while (resources.hasMoreElements()) {
				try (InputStream in = resources.nextElement().openStream()) {
					JsonNode properties = json.readTree(in).path("properties");
					properties.forEach((property) -> {
						String name = property.path("name").asString("");
						if (name.startsWith(PREFIX)) {
							known.add(name);
							if (property.path("type").asString("").startsWith("java.util.Map")) {
								// a map takes any key below it (a step's when.attributes.segment)
								known.add(name + ANY_KEY);
							}
						}
					});
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("No configuration metadata to check dodo.upsell settings against", ex);
			known.clear();
		}
		return known;
	}

}
