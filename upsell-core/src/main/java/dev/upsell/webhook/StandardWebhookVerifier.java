package dev.upsell.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Verifies a webhook delivery's Standard Webhooks signature and timestamp before anything reads its body.
 * Declare a bean to replace the default, {@link HmacWebhookVerifier} (plain Java, usable without Spring).
 */
@FunctionalInterface
public interface StandardWebhookVerifier {

	/**
	 * Verifies one delivery.
	 * @param webhookId the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param body the body exactly as received
	 * @return the timestamp, seconds since the epoch
	 * @throws WebhookVerificationException when it does not verify
	 */
	long verify(@Nullable String webhookId, @Nullable String timestamp, @Nullable String signatures, byte[] body);

	/**
	 * The default verifier.
	 * @param secrets the secrets ({@code whsec_…} or bare base64); a delivery signed with any of them verifies
	 * @param tolerance accepted clock difference, in both directions
	 * @param clock the clock
	 * @return the verifier
	 * @throws IllegalArgumentException when no secret is given or one is not base64
	 */
	static StandardWebhookVerifier of(List<String> secrets, Duration tolerance, Clock clock) {
		return new HmacWebhookVerifier(secrets, tolerance, clock);
	}

}
