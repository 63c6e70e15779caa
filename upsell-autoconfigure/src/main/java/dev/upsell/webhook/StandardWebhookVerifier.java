package dev.upsell.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Verifies Standard Webhooks signatures as Dodo sends them: HMAC-SHA256 over
 * {@code webhook-id.webhook-timestamp.body}, base64, {@code v1,}-prefixed, several space-separated signatures
 * allowed, compared in constant time, with the timestamp within a tolerance in both directions.
 * <p>
 * Plain Java, usable without Spring. Works on the body's raw bytes (no String copies), reuses one
 * {@link Mac} per secret per thread, and accepts several secrets (current and previous during a rotation).
 * Parsing is strict: the timestamp is digits only, the id is not empty, each signature entry is
 * {@code version,base64}; entries of other versions (e.g. {@code v1a}) are skipped.
 */
public final class StandardWebhookVerifier {

	private static final String PREFIX = "whsec_";

	private static final int SIGNATURE_LENGTH = 32;

	private final List<SecretKeySpec> keys;

	private final long toleranceSeconds;

	private final Clock clock;

	private final ThreadLocal<Mac[]> macs;

	/**
	 * Creates a verifier.
	 * @param secrets the secrets ({@code whsec_…} or bare base64); a delivery signed with any of them verifies
	 * @param tolerance accepted clock difference, in both directions
	 * @param clock the clock
	 * @throws IllegalArgumentException when no secret is given or one is not base64
	 */
	public StandardWebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("At least one webhook secret is needed");
		}
		List<SecretKeySpec> keys = new ArrayList<>();
		for (int i = 0; i < secrets.size(); i++) {
			keys.add(key(secrets.get(i), i));
		}
		this.keys = List.copyOf(keys);
		this.toleranceSeconds = tolerance.toSeconds();
		this.clock = clock;
		this.macs = ThreadLocal.withInitial(this::newMacs);
	}

	private static SecretKeySpec key(String secret, int index) {
		String encoded = secret.trim();
		encoded = encoded.startsWith(PREFIX) ? encoded.substring(PREFIX.length()) : encoded;
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Webhook secret #" + (index + 1)
					+ " is not base64 after the optional whsec_ prefix (copy it exactly as Dodo's dashboard shows it)");
		}
		if (bytes.length == 0) {
			throw new IllegalArgumentException("Webhook secret #" + (index + 1) + " is empty");
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

	private Mac[] newMacs() {
		Mac[] result = new Mac[this.keys.size()];
		try {
			for (int i = 0; i < result.length; i++) {
				result[i] = Mac.getInstance("HmacSHA256");
				result[i].init(this.keys.get(i));
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
		return result;
	}

	/**
	 * Verifies one delivery.
	 * @param webhookId the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param body the body exactly as received
	 * @return the timestamp, seconds since the epoch
	 * @throws WebhookVerificationException when it does not verify
	 */
	public long verify(@Nullable String webhookId, @Nullable String timestamp, @Nullable String signatures,
			byte[] body) {
		require(webhookId, "webhook-id");
		require(timestamp, "webhook-timestamp");
		require(signatures, "webhook-signature");
		long seconds = parseTimestamp(timestamp);
		List<byte[]> candidates = parseSignatures(signatures);
		if (candidates.isEmpty()) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_SIGNATURE,
					"webhook-signature has no v1 signature");
		}
		if (!matchesAny(webhookId, timestamp, body, candidates)) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_SIGNATURE,
					"No signature matches");
		}
		long now = this.clock.instant().getEpochSecond();
		if (Math.abs(now - seconds) > this.toleranceSeconds) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_TOLERANCE,
					"webhook-timestamp is " + Math.abs(now - seconds) + " s " + ((seconds < now) ? "old" : "ahead")
							+ ", more than the " + this.toleranceSeconds + " s tolerance");
		}
		return seconds;
	}

	private boolean matchesAny(String webhookId, String timestamp, byte[] body, List<byte[]> candidates) {
		byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		boolean matched = false;
		for (Mac mac : this.macs.get()) {
			mac.update(prefix);
			byte[] expected = mac.doFinal(body);
			for (byte[] candidate : candidates) {
				matched |= MessageDigest.isEqual(expected, candidate);
			}
		}
		return matched;
	}

	private static void require(@Nullable String value, String header) {
		if (value == null || value.isBlank()) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
					"Missing " + header + " header");
		}
	}

	private static long parseTimestamp(String timestamp) {
		if (timestamp.length() > 18 || !timestamp.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
					"webhook-timestamp is not a number of seconds");
		}
		return Long.parseLong(timestamp);
	}

	private static List<byte[]> parseSignatures(String header) {
		List<byte[]> v1 = new ArrayList<>(2);
		for (String entry : header.trim().split(" +")) {
			int comma = entry.indexOf(',');
			if (comma <= 0 || comma == entry.length() - 1) {
				throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
						"webhook-signature entries must be version,signature");
			}
			if (!entry.startsWith("v1,")) {
				continue;
			}
			byte[] decoded;
			try {
				decoded = Base64.getDecoder().decode(entry.substring(3));
			}
			catch (IllegalArgumentException ex) {
				throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
						"webhook-signature has a v1 entry that is not base64");
			}
			if (decoded.length == SIGNATURE_LENGTH) {
				v1.add(decoded);
			}
		}
		return v1;
	}

}
