package dev.upsell.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every missing dodo-upsell setting, with how to set it, instead of a stack trace. */
class MissingDodoSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingDodoSettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingDodoSettingsException cause) {
		return new FailureAnalysis("dodo-upsell is missing " + cause.missing().size() + " required setting"
				+ ((cause.missing().size() > 1) ? "s" : "") + ":\n\n - " + String.join("\n - ", cause.missing()),
				"Set them (in application.yml, or the environment variables named), then start again.", cause);
	}

}
