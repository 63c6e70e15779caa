package dev.upsell.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.upsell.dodo.DodoJson;
import dev.upsell.dodo.Payment;
import dev.upsell.webhook.DodoEventParser;
import dev.upsell.webhook.InMemoryWebhookDeduplicator;

/**
 * Diagnostic, not part of {@link BenchmarkSuite}: the webhook path's steps one by one (parse, tree-only parse,
 * the tree-first alternative parser, dedupe), to see which limits {@link WebhookEndpointBenchmark}. Run with
 * {@code java -cp upsell-benchmarks.jar org.openjdk.jmh.Main WebhookPartsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookPartsBenchmark {

	private byte[] body;

	private final DodoEventParser parser = new DodoEventParser();

	private final InMemoryWebhookDeduplicator deduplicator = new InMemoryWebhookDeduplicator(Duration.ZERO,
			Clock.systemUTC());

	private String[] ids;

	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		this.body = WebhookVerificationBenchmark.payload(1024).getBytes(StandardCharsets.UTF_8);
		this.ids = new String[1 << 16];
		for (int i = 0; i < this.ids.length; i++) {
			this.ids[i] = "msg_" + Integer.toHexString(i);
		}
	}

	@Benchmark
	public Object parse() {
		return this.parser.parse("msg_1", this.body);
	}

	/** The tree-first alternative to {@code parse}: a tree of the body, then its data bound from the tree. */
	@Benchmark
	public Object treeThenBind() {
		tools.jackson.databind.JsonNode tree = DodoJson.mapper().readTree(this.body);
		return DodoJson.mapper().treeToValue(tree.get("data"), Payment.class);
	}

	@Benchmark
	public Object treeOnly() {
		return DodoJson.mapper().readTree(this.body);
	}

	@Benchmark
	public boolean dedupe() {
		return this.deduplicator.claim(this.ids[this.next++ & (this.ids.length - 1)]);
	}

}
