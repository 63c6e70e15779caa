package dev.upsell.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link StandardWebhookVerifier}: verifies Standard Webhooks signatures as Dodo sends them: HMAC-SHA256 over
 * {@code webhook-id.webhook-timestamp.body}, base64, {@code v1,}-prefixed, several space-separated signatures
 * allowed, compared in constant time, with the timestamp within a tolerance in both directions.
 * <p>
 * Plain Java, usable without Spring. Works on the body's raw bytes (no String copies, no regular expressions,
 * no per-call buffers), reuses one {@link Mac} per secret per thread, and accepts several secrets (current
 * and previous during a rotation).
 * Parsing is strict: the timestamp is digits only, the id is not empty, each signature entry is
 * {@code version,base64}; entries of other versions (e.g. {@code v1a}) are skipped.
 */
public final class HmacWebhookVerifier implements StandardWebhookVerifier {

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
	public HmacWebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
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

	@Override
	public long verify(@Nullable String webhookId, @Nullable String timestamp, @Nullable String signatures,
			byte[] body) {
		require(webhookId, "webhook-id");
		require(timestamp, "webhook-timestamp");
		require(signatures, "webhook-signature");
		long seconds = parseTimestamp(timestamp);
		Scratch scratch = this.scratch.get();
		scratch.sign(webhookId, timestamp, body);
		if (!scratch.matches(signatures)) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_SIGNATURE,
					"No signature matches");
		}
		long now = Math.floorDiv(this.clock.millis(), 1000);
		if (Math.abs(now - seconds) > this.toleranceSeconds) {
			throw new WebhookVerificationException(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_TOLERANCE,
					"webhook-timestamp is " + Math.abs(now - seconds) + " s " + ((seconds < now) ? "old" : "ahead")
							+ ", more than the " + this.toleranceSeconds + " s tolerance");
		}
		return seconds;
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

		/** The base64 form of each secret's HMAC of the current delivery. */
		final byte[][] encoded;

		byte[] prefix = new byte[128];

		Scratch(Mac[] macs) {
			this.macs = macs;
			this.encoded = new byte[macs.length][ENCODED_LENGTH];
		}

		/** Computes each secret's HMAC over {@code id.timestamp.body} and keeps its base64 form. */
		void sign(String webhookId, String timestamp, byte[] body) {
			int prefixLength = prefix(webhookId, timestamp);
			for (int k = 0; k < this.macs.length; k++) {
				Mac mac = this.macs[k];
				mac.update(this.prefix, 0, prefixLength);
				mac.update(body);
				try {
					mac.doFinal(this.digest, 0);
				}
				catch (ShortBufferException ex) {
					throw new IllegalStateException(ex);
				}
				ENCODER.encode(this.digest, this.encoded[k]);
			}
		}

		/**
		 * One pass over the header: checks every entry is {@code version,base64} and compares each {@code v1}
		 * entry with every computed HMAC in constant time (the base64 forms, so no entry is decoded).
		 * @return whether any {@code v1} entry matches
		 * @throws WebhookVerificationException when an entry is malformed or there is no {@code v1} entry
		 */
		boolean matches(String header) {
			boolean anyV1 = false;
			boolean matched = false;
			boolean malformed = false;
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
					if (comma == start + 2 && header.charAt(start) == 'v' && header.charAt(start + 1) == '1') {
						anyV1 = true;
						boolean entryMatched = false;
						if (end - comma - 1 == ENCODED_LENGTH) {
							for (byte[] expected : this.encoded) {
								int difference = 0;
								for (int i = 0; i < ENCODED_LENGTH; i++) {
									difference |= header.charAt(comma + 1 + i) ^ expected[i];
								}
								entryMatched |= difference == 0;
							}
						}
						// A matching entry is base64 by construction; only the others need the check.
						malformed |= !entryMatched && !isBase64(header, comma + 1, end);
						matched |= entryMatched;
					}
				}
				start = end + 1;
			}
			if (malformed) {
				throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
						"webhook-signature has a v1 entry that is not base64");
			}
			if (!anyV1) {
				throw new WebhookVerificationException(WebhookVerificationException.Reason.INVALID_SIGNATURE,
						"webhook-signature has no v1 signature");
			}
			return matched;
		}

		/**
		 * Writes {@code id.timestamp.} as UTF-8 into {@link #prefix}, so it goes to the MAC in one update.
		 * @return its length in bytes
		 */
		int prefix(String webhookId, String timestamp) {
			int length = webhookId.length() + timestamp.length() + 2;
			if (!ascii(webhookId)) {
				byte[] id = webhookId.getBytes(StandardCharsets.UTF_8);
				length = id.length + timestamp.length() + 2;
				ensure(length);
				System.arraycopy(id, 0, this.prefix, 0, id.length);
				return finish(id.length, timestamp);
			}
			ensure(length);
			for (int i = 0; i < webhookId.length(); i++) {
				this.prefix[i] = (byte) webhookId.charAt(i);
			}
			return finish(webhookId.length(), timestamp);
		}

		private int finish(int at, String timestamp) {
			this.prefix[at++] = '.';
			for (int i = 0; i < timestamp.length(); i++) {
				this.prefix[at++] = (byte) timestamp.charAt(i);
			}
			this.prefix[at++] = '.';
			return at;
		}

		private void ensure(int length) {
			if (this.prefix.length < length) {
				this.prefix = new byte[Math.max(length, this.prefix.length * 2)];
			}
		}

		private static boolean ascii(String text) {
			for (int i = 0; i < text.length(); i++) {
				if (text.charAt(i) >= 0x80) {
					return false;
				}
			}
			return true;
		}

	}

}
