package dev.upsell.web.internal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.upsell.webhook.WebhookProcessor;

/** The problem details of a refused webhook delivery, for both endpoints. */
public final class WebhookProblems {

	private WebhookProblems() {
	}

	/**
	 * The problem details of a refused delivery, with its {@code outcome}.
	 * @param result the processor's result
	 * @return the problem
	 */
	static ProblemDetail of(WebhookProcessor.Result result) {
		HttpStatus status = HttpStatus.valueOf(result.outcome().status());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, result.detail());
		problem.setTitle(status.getReasonPhrase());
		problem.setProperty("outcome", result.outcome().tag());
		return problem;
	}

}
