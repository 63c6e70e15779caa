package dev.upsell.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.upsell.test.simulator.WebhookSigner;
import dev.upsell.webhook.HmacWebhookVerifier;
import dev.upsell.webhook.StandardWebhookVerifier;

/**
 * Verifying one delivery: our verifier vs the floor (a reused {@code javax.crypto.Mac} over the same bytes,
 * with a constant-time compare) vs the official {@code com.standardwebhooks} library.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookVerificationBenchmark {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@Param({ "1024", "65536" })
	public int size;

	private final String id = "msg_2f0c7d1e9a8b7c6d";

	private String timestamp;

	private byte[] body;

	private String bodyText;

	private String signature;

	private byte[] expected;

	private byte[] prefix;

	private Mac mac;

	private StandardWebhookVerifier ours;

	private Webhook official;

	private Map<String, List<String>> headers;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.timestamp = Long.toString(System.currentTimeMillis() / 1000);
		this.bodyText = payload(this.size);
		this.body = this.bodyText.getBytes(StandardCharsets.UTF_8);
		this.signature = new WebhookSigner(SECRET).sign(this.id, Long.parseLong(this.timestamp), this.body);
		this.expected = Base64.getDecoder().decode(this.signature.substring(3));
		this.prefix = (this.id + "." + this.timestamp + ".").getBytes(StandardCharsets.UTF_8);
		this.mac = Mac.getInstance("HmacSHA256");
		this.mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
		this.ours = new HmacWebhookVerifier(List.of(SECRET), Duration.ofMinutes(5), Clock.systemUTC());
		this.official = new Webhook(SECRET);
		this.headers = Map.of("webhook-id", List.of(this.id), "webhook-timestamp", List.of(this.timestamp),
				"webhook-signature", List.of(this.signature));
	}

	/** A Dodo-like JSON body of about {@code size} bytes. */
	static String payload(int size) {
		StringBuilder json = new StringBuilder("{\"business_id\":\"bus_1\",\"type\":\"payment.succeeded\","
				+ "\"timestamp\":\"2026-11-24T10:00:00Z\",\"data\":{\"payload_type\":\"Payment\",\"payment_id\":\"pay_1\","
				+ "\"status\":\"succeeded\",\"total_amount\":9900,\"currency\":\"USD\",\"metadata\":{\"offer_id\":\"off_1\"},"
				+ "\"note\":\"");
		while (json.length() < size - 3) {
			json.append('x');
		}
		return json.append("\"}}").toString();
	}

	@Benchmark
	public boolean rawHmac() {
		this.mac.update(this.prefix);
		return MessageDigest.isEqual(this.mac.doFinal(this.body), this.expected);
	}

	@Benchmark
	public long ours() {
		return this.ours.verify(this.id, this.timestamp, this.signature, this.body);
	}

	@Benchmark
	public Object official() throws Exception {
		this.official.verify(this.bodyText, this.headers);
		return this.official;
	}

}
