package dev.upsell.test.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries per Standard Webhooks, as Dodo does: HMAC-SHA256 over
 * {@code webhook-id.webhook-timestamp.body}, keyed with the base64-decoded part of a {@code whsec_} secret,
 * sent as {@code v1,<base64>}. Use it in your own tests to craft genuine (or deliberately broken) deliveries.
 */
public final class WebhookSigner {

	private static final String PREFIX = "whsec_";

	private final String secret;

	private final SecretKeySpec key;

	/**
	 * Creates a signer.
	 * @param secret the secret, with or without the {@code whsec_} prefix
	 */
	public WebhookSigner(String secret) {
		String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Webhook secret is not base64 after the whsec_ prefix", ex);
		}
		if (bytes.length == 0) {
			throw new IllegalArgumentException("Webhook secret is empty");
		}
		this.secret = PREFIX + encoded;
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
	}

	/**
	 * A new random 24-byte secret in {@code whsec_} form.
	 * @return the secret
	 */
	public static String randomSecret() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return PREFIX + Base64.getEncoder().encodeToString(bytes);
	}

	/** The secret in {@code whsec_} form. */
	public String secret() {
		return this.secret;
	}

	/**
	 * The {@code webhook-signature} header value for a delivery.
	 * @param webhookId the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp}, seconds since the epoch
	 * @param body the exact body bytes
	 * @return {@code v1,<base64 signature>}
	 */
	public String sign(String webhookId, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The signature of a UTF-8 body.
	 * @param webhookId the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp}
	 * @param body the body text
	 * @return {@code v1,<base64 signature>}
	 */
	public String sign(String webhookId, long timestamp, String body) {
		return sign(webhookId, timestamp, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Keeps the secret out of logs. */
	@Override
	public String toString() {
		return "WebhookSigner[******]";
	}

}
