package dev.upsell.webhook;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.UpsellEventPublisher;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.webhook.internal.MalformedWebhookException;

/**
 * Verify, parse, deduplicate, handle: what happens to one webhook delivery, without HTTP. Handlers (offer
 * settlement, then the application event publisher) run on the calling thread; if one throws, the
 * {@code webhook-id} is released and the answer is 500, so Dodo redelivers.
 */
public final class WebhookProcessor {

	private static final Log logger = LogFactory.getLog(WebhookProcessor.class);

	/** The longest {@code webhook-id} kept: the store's column (Standard Webhooks ids are short, {@code msg_…}). */
	public static final int MAX_ID_LENGTH = 255;

	private final StandardWebhookVerifier verifier;

	private final DodoEventParser parser;

	private final WebhookDeduplicator deduplicator;

	private final List<Consumer<DodoEvent>> handlers;

	private final UpsellEventPublisher events;

	/**
	 * Creates the processor.
	 * @param verifier checks signatures and timestamps
	 * @param parser reads the body
	 * @param deduplicator remembers handled ids
	 * @param handlers run for each new event, in order
	 * @param events where each answer is published ({@link WebhookAnswered})
	 */
	public WebhookProcessor(StandardWebhookVerifier verifier, DodoEventParser parser, WebhookDeduplicator deduplicator,
			List<Consumer<DodoEvent>> handlers, UpsellEventPublisher events) {
		this.verifier = verifier;
		this.parser = parser;
		this.deduplicator = deduplicator;
		this.handlers = List.copyOf(handlers);
		this.events = events;
	}

	/**
	 * Processes one delivery.
	 * @param webhookId the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signature the {@code webhook-signature} header
	 * @param body the raw body
	 * @return the outcome, with the HTTP status to answer
	 */
	public Result process(@Nullable String webhookId, @Nullable String timestamp, @Nullable String signature,
			byte[] body) {
		if (webhookId != null && !isStorable(webhookId)) {
			// what can never be stored is refused for good (400), never answered 500 for Dodo to redeliver for days
			logger.warn("Rejected webhook " + safe(webhookId) + ": its webhook-id is not 1 to " + MAX_ID_LENGTH
					+ " printable ASCII characters");
			return finish(WebhookAnswered.UNVERIFIED, WebhookOutcome.MALFORMED,
					"webhook-id must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters");
		}
		try {
			this.verifier.verify(webhookId, timestamp, signature, body);
		}
		catch (WebhookVerificationException ex) {
			WebhookOutcome outcome = switch (ex.reason()) {
				case MISSING_HEADER, MALFORMED_HEADER -> WebhookOutcome.MALFORMED;
				case INVALID_SIGNATURE -> WebhookOutcome.INVALID_SIGNATURE;
				case TIMESTAMP_OUT_OF_TOLERANCE -> WebhookOutcome.STALE;
			};
			logger.warn("Rejected webhook " + safe(webhookId) + ": " + ex.getMessage());
			return finish(WebhookAnswered.UNVERIFIED, outcome, ex.getMessage());
		}
		DodoEvent event;
		try {
			event = this.parser.parse(webhookId, body);
		}
		catch (MalformedWebhookException ex) {
			logger.warn("Webhook " + safe(webhookId) + " verified but is malformed: " + ex.getMessage());
			return finish(WebhookAnswered.UNVERIFIED, WebhookOutcome.MALFORMED, ex.getMessage());
		}
		boolean first;
		try {
			first = this.deduplicator.claim(webhookId);
		}
		catch (RuntimeException ex) {
			logger.error("Could not record webhook " + safe(webhookId) + " as handled; Dodo will redeliver", ex);
			return finish(event.type(), WebhookOutcome.FAILED, "Handling failed");
		}
		if (!first) {
			logger.debug("Webhook " + safe(webhookId) + " (" + LogText.id(event.type()) + ") was handled before");
			return finish(event.type(), WebhookOutcome.DUPLICATE, "Already handled");
		}
		try {
			for (Consumer<DodoEvent> handler : this.handlers) {
				handler.accept(event);
			}
		}
		catch (RuntimeException ex) {
			this.deduplicator.release(webhookId);
			logger.error("Handling webhook " + safe(webhookId) + " (" + LogText.id(event.type()) + ") failed; Dodo will redeliver", ex);
			return finish(event.type(), WebhookOutcome.FAILED, "Handling failed");
		}
		if (event instanceof DodoEvent.UnknownDodoEvent) {
			logger.info("Webhook " + safe(webhookId) + " has a type this version does not know: " + LogText.id(event.type()));
		}
		return finish(event.type(), WebhookOutcome.HANDLED, "Handled");
	}

	/**
	 * Answers a delivery whose body is larger than the endpoint reads, without reading it.
	 * @param limit the largest body read, for the answer's detail
	 * @return the outcome
	 */
	public Result tooLarge(String limit) {
		return finish(WebhookAnswered.UNVERIFIED, WebhookOutcome.TOO_LARGE, "Body larger than " + limit);
	}

	private Result finish(String type, WebhookOutcome outcome, String detail) {
		this.events.publish(new WebhookAnswered(type, outcome));
		return new Result(outcome, detail);
	}

	/** 1 to {@link #MAX_ID_LENGTH} printable ASCII characters, no space: what the store's column keeps. */
	private static boolean isStorable(String webhookId) {
		int length = webhookId.length();
		if (length == 0 || length > MAX_ID_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = webhookId.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	private static String safe(@Nullable String webhookId) {
		if (webhookId == null) {
			return "(no id)";
		}
		return webhookId.replaceAll("[^A-Za-z0-9_.-]", "?").substring(0, Math.min(webhookId.length(), 64));
	}

	/**
	 * The outcome of one delivery.
	 *
	 * @param outcome what happened, with its HTTP status
	 * @param detail a short explanation for the response; never the secret or the body
	 */
	public record Result(WebhookOutcome outcome, String detail) {

		/** Whether the delivery was taken (2xx): answered {@link #body()}, else a problem detail. */
		public boolean taken() {
			return this.outcome.status() < 300;
		}

		/**
		 * The body of a taken delivery.
		 * @return {@code {"status": outcome}}
		 */
		public Map<String, String> body() {
			return Map.of("status", this.outcome.tag());
		}

	}

}
