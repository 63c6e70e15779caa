package dev.upsell.test.simulator;

import java.util.List;

/**
 * Known-answer vectors for Standard Webhooks signatures: vector 1 is the fixture of the reference
 * libraries' own test suites, the others were made with the official npm library and checked with Python's
 * {@code hmac}. Use them to test a verifier of your own.
 */
public final class WebhookTestVectors {

	/** The vectors. */
	public static final List<Vector> ALL = List.of(
			new Vector("reference fixture", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
					1614265330L, "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
			new Vector("Dodo payment.succeeded", "whsec_dGVzdC1zZWNyZXQtZm9yLWRvZG8tdXBzZWxsLXZlY3RvcnM=",
					"msg_2f0c7d1e", 1764000000L,
					"{\"business_id\":\"bus_1\",\"type\":\"payment.succeeded\",\"timestamp\":\"2025-11-24T16:00:00Z\","
							+ "\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"pay_1\",\"total_amount\":5000,"
							+ "\"currency\":\"USD\",\"metadata\":{\"offer_id\":\"off_abc\"}}}",
					"v1,3rngOfVQYyvBGfh+BhCXCGbyccTu8Ew9NBcNUXPj5rE="),
			new Vector("non-ASCII id and body, 5-byte secret", "whsec_c2hvcnQ=", "wh_évt_ünïcode", 1764003600L,
					"{\"type\":\"subscription.plan_changed\",\"data\":{\"note\":\"naïve café ☕\"}}",
					"v1,M6PTq9bR0eu2i/SwWhpeRVdEKqIc8qGul1SLJKfZqg0="),
			new Vector("specification example", "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
					"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231L,
					"{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\","
							+ "\"data\":{\"id\":\"1f81eb52-5198-4599-803e-771906343485\"}}",
					"v1,4PMU5Dl90B4kgwxDpwuMZ/cnZ5ztf+Y+kviYQD66rJg="),
			new Vector("24-byte secret, UTF-8 body", "whsec_c3ctamF2YS1zdGFydGVyLTI0LWJ5dGVz", "evt_dodo_0001",
					1700000000L,
					"{\"type\":\"payment.succeeded\",\"data\":{\"customer\":\"Zoë Ångström\",\"note\":\"💸 ok\",\"amount\":1999}}",
					"v1,RtKDRwvJ3fRMw4CF34ZDYH53VGP5aJQtQQdUQ+OPrO4="));

	private WebhookTestVectors() {
	}

	/**
	 * One vector.
	 *
	 * @param name what it covers
	 * @param secret the {@code whsec_} secret
	 * @param webhookId the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp}
	 * @param body the body (hashed as UTF-8)
	 * @param signature the expected {@code webhook-signature}
	 */
	public record Vector(String name, String secret, String webhookId, long timestamp, String body, String signature) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
