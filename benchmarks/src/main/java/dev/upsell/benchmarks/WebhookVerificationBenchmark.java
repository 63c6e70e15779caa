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
import tools.jackson.databind.json.JsonMapper;

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

	private static final JsonMapper TREE = JsonMapper.builder().build();

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

	/**
	 * A {@code payment.succeeded} body as Dodo sends it, every field of its Payment object present
	 * ({@code docs/dodo-api.md}), grown to about {@code size} bytes with more cart lines: what a real delivery of
	 * that size holds, not a padding string.
	 */
	static String payload(int size) {
		StringBuilder json = new StringBuilder("{\"business_id\":\"bus_1a2b3c\",\"type\":\"payment.succeeded\","
				+ "\"timestamp\":\"2026-11-24T10:00:00.123Z\",\"data\":{\"payload_type\":\"Payment\","
				+ "\"payment_id\":\"pay_2f0c7d1e9a8b7c6d\",\"business_id\":\"bus_1a2b3c\",\"brand_id\":\"brd_1\","
				+ "\"created_at\":\"2026-11-24T09:59:58.101Z\",\"updated_at\":\"2026-11-24T10:00:00.090Z\","
				+ "\"status\":\"succeeded\",\"total_amount\":9900,\"currency\":\"USD\",\"tax\":0,"
				+ "\"settlement_amount\":9900,\"settlement_currency\":\"USD\",\"settlement_tax\":0,"
				+ "\"customer\":{\"customer_id\":\"cus_alice\",\"email\":\"alice@example.com\",\"name\":\"Alice\"},"
				+ "\"metadata\":{\"offer_id\":\"off_0123456789abcdef0123456789abcdef\",\"offer_kind\":\"upsell\","
				+ "\"rule_id\":\"coaching\",\"trigger_product\":\"prod_course\",\"trigger_reference\":\"order_1\"},"
				+ "\"checkout_session_id\":\"cks_9a8b7c6d5e4f\",\"subscription_id\":null,\"payment_method\":\"card\","
				+ "\"payment_method_id\":\"pm_alice_visa\",\"payment_method_type\":\"card\",\"card_last_four\":\"4242\","
				+ "\"card_network\":\"VISA\",\"card_type\":\"CREDIT\",\"card_issuing_country\":\"US\","
				+ "\"error_code\":null,\"error_message\":null,\"retry_attempt\":0,\"refunds\":[],\"refund_status\":null,"
				+ "\"disputes\":[],\"invoice_id\":\"inv_1\",\"invoice_url\":\"https://test.dodopayments.com/invoices/inv_1\","
				+ "\"billing\":{\"country\":\"US\",\"city\":\"Austin\",\"state\":\"TX\",\"street\":\"1 Main St\","
				+ "\"zipcode\":\"78701\"},\"discounts\":[],\"product_cart\":[");
		String line = "{\"product_id\":\"prod_coaching\",\"quantity\":1}";
		json.append(line);
		while (json.length() + line.length() + 4 < size) {
			json.append(',').append(line);
		}
		return json.append("]}}").toString();
	}

	@Benchmark
	public boolean rawHmac() {
		this.mac.update(this.prefix);
		return MessageDigest.isEqual(this.mac.doFinal(this.body), this.expected);
	}

	/**
	 * The floor of the whole webhook path: the raw HMAC plus a Jackson tree parse of the same body, the least
	 * any verified, parsed delivery costs.
	 */
	@Benchmark
	public Object floor() {
		this.mac.update(this.prefix);
		boolean verified = MessageDigest.isEqual(this.mac.doFinal(this.body), this.expected);
		return verified ? TREE.readTree(this.body) : null;
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
