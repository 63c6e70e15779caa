package dev.upsell.autoconfigure;

import java.util.List;

/**
 * Every required dodo-upsell setting that is missing, reported at once at start-up (rather than the first one,
 * then the next on the next start). {@link MissingDodoSettingsFailureAnalyzer} prints them.
 */
public class MissingDodoSettingsException extends RuntimeException {

	private final List<String> missing;

	/**
	 * Creates the exception.
	 * @param missing one line per missing setting: the property, and how to set it
	 */
	public MissingDodoSettingsException(List<String> missing) {
		super("Missing dodo-upsell settings:\n - " + String.join("\n - ", missing));
		this.missing = List.copyOf(missing);
	}

	/** One line per missing setting. */
	public List<String> missing() {
		return this.missing;
	}

}
