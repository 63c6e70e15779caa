package dev.upsell.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.upsell.test.simulator.WebhookSigner;
import dev.upsell.test.simulator.WebhookTestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StandardWebhookVerifierTests {

	static final List<WebhookTestVectors.Vector> vectors = WebhookTestVectors.ALL;

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final long NOW = 1_764_000_000L;

	private final StandardWebhookVerifier verifier = verifier(SECRET);

	private static StandardWebhookVerifier verifier(String... secrets) {
		return new HmacWebhookVerifier(List.of(secrets), Duration.ofMinutes(5),
				Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
	}

	@ParameterizedTest
	@FieldSource("vectors")
	void knownAnswerVectorsVerify(WebhookTestVectors.Vector vector) {
		StandardWebhookVerifier atVectorTime = new HmacWebhookVerifier(List.of(vector.secret()),
				Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(vector.timestamp()), ZoneOffset.UTC));
		assertThat(atVectorTime.verify(vector.webhookId(), Long.toString(vector.timestamp()), vector.signature(),
				vector.body().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(vector.timestamp());
	}

	@Test
	void aValidSignatureAmongSeveralVerifies() {
		String good = sign(SECRET, "msg_1", NOW, "{}");
		verifier.verify("msg_1", ts(NOW), "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ed25519sig " + good,
				bytes("{}"));
	}

	@Test
	void idsOfAnyLengthAndNonAsciiIdsAreSignedAsTheirUtf8Bytes() throws Exception {
		String longId = "msg_" + "a".repeat(300);
		String unicodeId = "msg_\u00e9\u4e2d\ud83d\ude00";
		for (String id : List.of(longId, unicodeId, "msg_1", longId)) {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(
					java.util.Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
			byte[] digest = mac.doFinal(bytes(id + "." + NOW + ".{\"a\":1}"));
			String signature = "v1," + java.util.Base64.getEncoder().encodeToString(digest);
			assertThat(this.verifier.verify(id, ts(NOW), signature, bytes("{\"a\":1}"))).isEqualTo(NOW);
			assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, id + "x", ts(NOW), signature,
					"{\"a\":1}");
		}
	}

	@Test
	void theSecretWorksWithoutItsPrefix() {
		StandardWebhookVerifier bare = verifier(SECRET.substring("whsec_".length()));
		bare.verify("msg_1", ts(NOW), sign(SECRET, "msg_1", NOW, "{}"), bytes("{}"));
	}

	@Test
	void theCurrentAndThePreviousSecretBothVerifyDuringARotation() {
		String previous = WebhookSigner.randomSecret();
		StandardWebhookVerifier rotating = verifier(WebhookSigner.randomSecret(), previous);
		rotating.verify("msg_1", ts(NOW), sign(previous, "msg_1", NOW, "{}"), bytes("{}"));
	}

	@Test
	void aWrongSecretIsRejected() {
		assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, "msg_1", ts(NOW),
				sign(WebhookSigner.randomSecret(), "msg_1", NOW, "{}"), "{}");
	}

	@Test
	void aBodyChangedByOneByteIsRejected() {
		assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, "msg_1", ts(NOW),
				sign(SECRET, "msg_1", NOW, "{\"amount\":5000}"), "{\"amount\":5001}");
	}

	@Test
	void aChangedIdOrTimestampIsRejected() {
		String signature = sign(SECRET, "msg_1", NOW, "{}");
		assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, "msg_2", ts(NOW), signature, "{}");
		assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, "msg_1", ts(NOW + 1), signature, "{}");
	}

	@Test
	void timestampsAtTheToleranceAreAcceptedAndOneSecondPastAreRejected() {
		for (long at : new long[] { NOW - 300, NOW + 300 }) {
			verifier.verify("msg_1", ts(at), sign(SECRET, "msg_1", at, "{}"), bytes("{}"));
		}
		for (long at : new long[] { NOW - 301, NOW + 301, NOW - 360, NOW + 360 }) {
			assertRejected(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_TOLERANCE, "msg_1", ts(at),
					sign(SECRET, "msg_1", at, "{}"), "{}");
		}
	}

	@Test
	void missingHeadersAreRejected() {
		String signature = sign(SECRET, "msg_1", NOW, "{}");
		assertRejected(WebhookVerificationException.Reason.MISSING_HEADER, null, ts(NOW), signature, "{}");
		assertRejected(WebhookVerificationException.Reason.MISSING_HEADER, "", ts(NOW), signature, "{}");
		assertRejected(WebhookVerificationException.Reason.MISSING_HEADER, "msg_1", null, signature, "{}");
		assertRejected(WebhookVerificationException.Reason.MISSING_HEADER, "msg_1", ts(NOW), null, "{}");
		assertRejected(WebhookVerificationException.Reason.MISSING_HEADER, "msg_1", ts(NOW), " ", "{}");
	}

	@Test
	void malformedHeadersAreRejected() {
		String signature = sign(SECRET, "msg_1", NOW, "{}");
		for (String timestamp : new String[] { "123abc", "+" + NOW, "-1", "1.5", "99999999999999999999" }) {
			assertRejected(WebhookVerificationException.Reason.MALFORMED_HEADER, "msg_1", timestamp, signature, "{}");
		}
		assertRejected(WebhookVerificationException.Reason.MALFORMED_HEADER, "msg_1", ts(NOW), "v1,not*base64!", "{}");
		assertRejected(WebhookVerificationException.Reason.MALFORMED_HEADER, "msg_1", ts(NOW), "nocomma", "{}");
		assertRejected(WebhookVerificationException.Reason.MALFORMED_HEADER, "msg_1", ts(NOW), "v1,", "{}");
	}

	@Test
	void onlyUnknownSignatureVersionsAreRejected() {
		String signature = sign(SECRET, "msg_1", NOW, "{}");
		assertRejected(WebhookVerificationException.Reason.INVALID_SIGNATURE, "msg_1", ts(NOW),
				"v2," + signature.substring(3) + " v1a,abc", "{}");
	}

	@Test
	void aBodyThatIsNotUtf8IsHashedAsItCame() {
		byte[] body = { (byte) 0xff, (byte) 0xfe, '{', '}' };
		String signature = new WebhookSigner(SECRET).sign("msg_1", NOW, body);
		verifier.verify("msg_1", ts(NOW), signature, body);
	}

	@Test
	void secretsThatAreNotBase64FailClearly() {
		assertThatIllegalArgumentException().isThrownBy(() -> verifier("whsec_%%%"))
			.withMessageContaining("not base64")
			.withMessageNotContaining("%%%");
		assertThatIllegalArgumentException().isThrownBy(() -> new HmacWebhookVerifier(List.of(),
				Duration.ofMinutes(5), Clock.systemUTC()));
	}

	@Test
	void isSafeToShareBetweenThreads() throws Exception {
		String signature = sign(SECRET, "msg_1", NOW, "{}");
		List<Thread> threads = new java.util.ArrayList<>();
		java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
		for (int i = 0; i < 8; i++) {
			Thread thread = new Thread(() -> {
				for (int j = 0; j < 2000; j++) {
					try {
						verifier.verify("msg_1", ts(NOW), signature, bytes("{}"));
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(failures).hasValue(0);
	}

	private void assertRejected(WebhookVerificationException.Reason reason, String id, String timestamp,
			String signature, String body) {
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(id, timestamp, signature, bytes(body)))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(reason);
				assertThat(ex.getMessage()).doesNotContain(SECRET.substring(6)).doesNotContain(body.length() > 2 ? body : "\u0000");
			});
	}

	private static String sign(String secret, String id, long timestamp, String body) {
		return new WebhookSigner(secret).sign(id, timestamp, body);
	}

	private static String ts(long seconds) {
		return Long.toString(seconds);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
