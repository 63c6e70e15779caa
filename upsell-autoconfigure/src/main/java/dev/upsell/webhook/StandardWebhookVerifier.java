package dev.upsell.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 * Plain Java, usable without Spring. Works on the body's raw bytes (no String copies, no regular expressions,
 * no per-call buffers), reuses one {@link Mac} per secret per thread, and accepts several secrets (current
 * and previous during a rotation).
 * Parsing is strict: the timestamp is digits only, the id is not empty, each signature entry is
 * {@code version,base64}; entries of other versions (e.g. {@code v1a}) are skipped.
 */
public final class StandardWebhookVerifier {

	private static final String PREFIX = "whsec_";

	private static final int SIGNATURE_LENGTH = 32;

	private static final int ENCODED_LENGTH = 44;

	private static final Base64.Encoder ENCODER = Base64.getEncoder();

	private final List<SecretKeySpec> keys;

	private final long toleranceSeconds;

	private final Clock clock;

	private final ThreadLocal<Scratch> scratch;

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
		this.scratch = ThreadLocal.withInitial(() -> new Scratch(newMacs()));
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
		boolean anyV1 = checkSignatureHeader(signatures);
		if (!anyV1) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_SIGNATURE,
					"webhook-signature has no v1 signature");
		}
		if (!matchesAny(webhookId, timestamp, body, signatures)) {
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

	/**
	 * Computes the HMAC per secret and compares its base64 form with every {@code v1} entry in constant time.
	 * Comparing encoded forms avoids decoding (and allocating) each candidate.
	 */
	private boolean matchesAny(String webhookId, String timestamp, byte[] body, String header) {
		Scratch scratch = this.scratch.get();
		byte[] id = webhookId.getBytes(StandardCharsets.UTF_8);
		boolean matched = false;
		for (Mac mac : scratch.macs) {
			mac.update(id);
			mac.update((byte) '.');
			for (int i = 0; i < timestamp.length(); i++) {
				mac.update((byte) timestamp.charAt(i));
			}
			mac.update((byte) '.');
			mac.update(body);
			try {
				mac.doFinal(scratch.digest, 0);
			}
			catch (javax.crypto.ShortBufferException ex) {
				throw new IllegalStateException(ex);
			}
			ENCODER.encode(scratch.digest, scratch.encoded);
			int start = 0;
			int length = header.length();
			while (start < length) {
				int end = header.indexOf(' ', start);
				end = (end < 0) ? length : end;
				if (end - start == 3 + ENCODED_LENGTH && header.startsWith("v1,", start)) {
					int difference = 0;
					for (int i = 0; i < ENCODED_LENGTH; i++) {
						difference |= header.charAt(start + 3 + i) ^ scratch.encoded[i];
					}
					matched |= difference == 0;
				}
				start = end + 1;
			}
		}
		return matched;
	}

	/**
	 * Checks every entry is {@code version,base64} without regular expressions or allocation.
	 * @return whether there is at least one {@code v1} entry
	 */
	private static boolean checkSignatureHeader(String header) {
		boolean anyV1 = false;
		int length = header.length();
		int start = 0;
		while (start < length) {
			int end = header.indexOf(' ', start);
			end = (end < 0) ? length : end;
			if (end > start) {
				int comma = header.indexOf(',', start);
				if (comma <= start || comma >= end - 1) {
					throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
							"webhook-signature entries must be version,signature");
				}
				if (comma == start + 2 && header.startsWith("v1", start)) {
					if (!isBase64(header, comma + 1, end)) {
						throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
								"webhook-signature has a v1 entry that is not base64");
					}
					anyV1 = true;
				}
			}
			start = end + 1;
		}
		return anyV1;
	}

	private static boolean isBase64(String text, int from, int to) {
		if ((to - from) % 4 != 0) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			boolean padding = c == '=' && i >= to - 2;
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
					|| padding)) {
				return false;
			}
		}
		return true;
	}

	private static void require(@Nullable String value, String header) {
		if (value == null || value.isBlank()) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
					"Missing " + header + " header");
		}
	}

	private static long parseTimestamp(String timestamp) {
		int length = timestamp.length();
		if (length > 18) {
			throw malformedTimestamp();
		}
		long seconds = 0;
		for (int i = 0; i < length; i++) {
			char c = timestamp.charAt(i);
			if (c < '0' || c > '9') {
				throw malformedTimestamp();
			}
			seconds = seconds * 10 + (c - '0');
		}
		return seconds;
	}

	private static WebhookVerificationException malformedTimestamp() {
		return new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
				"webhook-timestamp is not a number of seconds");
	}

	/** Per-thread state: a {@link Mac} per secret and buffers for the digest and its base64 form. */
	private static final class Scratch {

		final Mac[] macs;

		final byte[] digest = new byte[SIGNATURE_LENGTH];

		final byte[] encoded = new byte[ENCODED_LENGTH];

		Scratch(Mac[] macs) {
			this.macs = macs;
		}

	}

}
