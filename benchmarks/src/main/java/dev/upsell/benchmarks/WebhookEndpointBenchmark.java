package dev.upsell.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import dev.upsell.test.simulator.WebhookSigner;
import dev.upsell.webhook.DodoEventParser;
import dev.upsell.webhook.HmacWebhookVerifier;
import dev.upsell.webhook.InMemoryWebhookDeduplicator;
import dev.upsell.webhook.WebhookProcessor;

/**
 * The whole webhook path for a 1 KiB delivery, minus HTTP: verify, parse into a typed event, deduplicate
 * (each delivery a new {@code webhook-id}), publish. Compared with {@link WebhookVerificationBenchmark#rawHmac}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookEndpointBenchmark {

	private static final int IDS = 1 << 16;

	private String[] ids;

	private String[] signatures;

	private String timestamp;

	private byte[] body;

	private WebhookProcessor processor;

	private Blackhole blackhole;

	private int next;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		this.blackhole = blackhole;
		long now = System.currentTimeMillis() / 1000;
		this.timestamp = Long.toString(now);
		this.body = WebhookVerificationBenchmark.payload(1024).getBytes(StandardCharsets.UTF_8);
		WebhookSigner signer = new WebhookSigner(WebhookVerificationBenchmark.SECRET);
		this.ids = new String[IDS];
		this.signatures = new String[IDS];
		for (int i = 0; i < IDS; i++) {
			this.ids[i] = "msg_" + Integer.toHexString(i) + "_" + now;
			this.signatures[i] = signer.sign(this.ids[i], now, this.body);
		}
		// A zero retention forgets ids as they are swept, so cycling through the pre-signed ids stays "new".
		this.processor = new WebhookProcessor(
				new HmacWebhookVerifier(List.of(WebhookVerificationBenchmark.SECRET), Duration.ofMinutes(5),
						Clock.systemUTC()),
				new DodoEventParser(), new InMemoryWebhookDeduplicator(Duration.ZERO, Clock.systemUTC()),
				List.of(this.blackhole::consume), (event) -> {
				});
	}

	@Benchmark
	public Object verifyParseDedupePublish() {
		int i = this.next++ & (IDS - 1);
		return this.processor.process(this.ids[i], this.timestamp, this.signatures[i], this.body);
	}

}
