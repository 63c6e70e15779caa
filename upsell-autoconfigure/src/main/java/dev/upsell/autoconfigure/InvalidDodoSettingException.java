package dev.upsell.autoconfigure;

/**
 * A dodo-upsell setting whose value cannot be used, named by its property, never shown: the value may be a
 * secret. {@link InvalidDodoSettingFailureAnalyzer} prints it at start-up (Boot's own analyzer for invalid
 * property values would print the value and where it came from).
 */
public class InvalidDodoSettingException extends RuntimeException {

	private final String property;

	private final String problem;

	/**
	 * Creates the exception.
	 * @param property the property, e.g. {@code dodo.upsell.webhook.secret}
	 * @param problem what is wrong with its value and how to fix it, without the value
	 */
	public InvalidDodoSettingException(String property, String problem) {
		super(property + ": " + problem);
		this.property = property;
		this.problem = problem;
	}

	/** The property. */
	public String property() {
		return this.property;
	}

	/** What is wrong, without the value. */
	public String problem() {
		return this.problem;
	}

}
