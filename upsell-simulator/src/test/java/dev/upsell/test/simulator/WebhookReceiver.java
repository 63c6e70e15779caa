package dev.upsell.test.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

/** A webhook receiver for tests: verifies with the official library, records, answers scripted statuses. */
final class WebhookReceiver implements AutoCloseable {

	record Received(String webhookId, String body, boolean verified) {
	}

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private volatile long holdMillis;

	WebhookReceiver(String secret) throws Exception {
		Webhook official = new Webhook(secret);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			boolean verified;
			try {
				official.verify(body,
						Map.of("webhook-id", List.of(id), "webhook-timestamp",
								List.of(exchange.getRequestHeaders().getFirst("webhook-timestamp")), "webhook-signature",
								List.of(exchange.getRequestHeaders().getFirst("webhook-signature"))));
				verified = true;
			}
			catch (Exception ex) {
				verified = false;
			}
			this.received.add(new Received(id, body, verified));
			if (this.holdMillis > 0) {
				try {
					Thread.sleep(this.holdMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Integer status = this.statuses.poll();
			exchange.sendResponseHeaders((status != null) ? status : 204, -1);
			exchange.close();
		});
		this.server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	void answer(int... statuses) {
		for (int status : statuses) {
			this.statuses.add(status);
		}
	}

	/** Holds each answer this long after recording the delivery (a slow app). */
	void hold(long millis) {
		this.holdMillis = millis;
	}

	/** The types of the events received, in order of arrival. */
	List<String> types() {
		return this.received.stream()
			.map((received) -> JSON.readTree(received.body()).path("type").asString())
			.toList();
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
