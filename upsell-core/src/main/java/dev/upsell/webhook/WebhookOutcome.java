package dev.upsell.webhook;

import java.util.Locale;

/** How a webhook delivery was answered; also the {@code outcome} tag of the {@code upsell.webhooks} meter. */
public enum WebhookOutcome {

	/** Verified and handled: 200. */
	HANDLED(200),

	/** Verified, and handled before (same {@code webhook-id}): 200, nothing done again. */
	DUPLICATE(200),

	/** No signature matches: 401. */
	INVALID_SIGNATURE(401),

	/** Genuine signature, timestamp outside the tolerance: 401. */
	STALE(401),

	/** Missing or malformed headers, or a verified body that is not an event: 400. */
	MALFORMED(400),

	/** The body is larger than {@code dodo.upsell.webhook.max-body-size}: 413. */
	TOO_LARGE(413),

	/** Handling failed: 500, so Dodo redelivers. */
	FAILED(500);

	private final int status;

	WebhookOutcome(int status) {
		this.status = status;
	}

	/** The HTTP status to answer. */
	public int status() {
		return this.status;
	}

	/** The metric tag value, e.g. {@code invalid_signature}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
