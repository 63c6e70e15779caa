package dev.upsell.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a dodo-upsell setting that cannot be used, by its name and the problem, never its value. */
class InvalidDodoSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDodoSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDodoSettingException cause) {
		return new FailureAnalysis("dodo-upsell cannot use the value of " + cause.property() + ": " + cause.problem(),
				"Correct " + cause.property() + " (its value is not shown: it may be a secret), then start again.",
				cause);
	}

}
