package dev.upsell.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.upsell.dodo.Rfc3339Time;
import dev.upsell.test.simulator.DodoSimulator;
import dev.upsell.webhook.HmacWebhookVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook scenario: a small receiver records what is delivered (headers, body, order) and checks what the
 * library relies on: Standard Webhooks signatures, {@code webhook-timestamp} in seconds, an RFC 3339 envelope
 * {@code timestamp}, {@code data.payload_type}, a duplicate under the same {@code webhook-id}, and a retry carrying
 * the payment's latest state.
 */
final class WebhookRecording {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebhookRecording() {
	}

	/** One delivery as received. */
	record Delivery(String webhookId, String timestamp, String signature, String body) {
	}

	private static String charge(DodoTarget target) {
		return target.client()
			.createCheckoutSession(ContractScenarios.confirmed(target, target.fixture("customer"), target.fixture("method"),
					ContractScenarios.FULL_ADDRESS, null))
			.paymentId();
	}

	private static boolean idle(DodoSimulator dodo) {
		try {
			return dodo.webhooks().awaitIdle(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	static String check(DodoSimulator dodo, DodoTarget target) {
		List<Delivery> received = new CopyOnWriteArrayList<>();
		ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>(List.of(500, 500));
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new AssertionError("no receiver", ex);
		}
		server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
					exchange.getRequestHeaders().getFirst("webhook-timestamp"),
					exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
			Integer status = answers.poll();
			exchange.sendResponseHeaders((status != null) ? status : 204, -1);
			exchange.close();
		});
		server.start();
		try {
			// deliveries the earlier scenarios left queued (late timing) must not reach this receiver and take the
			// failures meant for this scenario's own payment: let them pass while there is no target
			assertThat(idle(dodo)).as("earlier deliveries drained").isTrue();
			dodo.webhooks().timing(dev.upsell.test.simulator.WebhookTiming.afterAnswer());
			dodo.webhooks().target(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
			dodo.webhooks().retryOnDodosSchedule();
			String paymentId = charge(target);
			// the first attempt and the immediate retry fail; the next retry waits 5 s on the simulator's clock
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
			dodo.refund(paymentId, 100L);
			// the clock moves on until the retry is due; each poll moves it again, so a retry the sender queues just
			// after a move is not missed
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
				dodo.clock().advance(Duration.ofSeconds(5));
				return received.stream()
					.anyMatch((delivery) -> delivery.body().contains("\"refund_status\":\"partial\"")
							&& delivery.body().contains("\"payment.succeeded\""));
			});
			// a duplicate: the same event twice under one webhook-id
			int before = received.size();
			dodo.webhooks().duplicateNext(1);
			charge(target);
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= before + 2);
			HmacWebhookVerifier verifier = new HmacWebhookVerifier(List.of(dodo.webhookSecret()), Duration.ofMinutes(5),
					Clock.systemUTC());
			for (Delivery delivery : received) {
				verifier.verify(delivery.webhookId(), delivery.timestamp(), delivery.signature(),
						delivery.body().getBytes(StandardCharsets.UTF_8));
				assertThat(Long.parseLong(delivery.timestamp())).as("webhook-timestamp is in seconds")
					.isBetween(Instant.now().getEpochSecond() - 300, Instant.now().getEpochSecond() + 300);
				JsonNode envelope = JSON.readTree(delivery.body());
				assertThat(Rfc3339Time.parse(envelope.path("timestamp").asString())).isNotNull();
				assertThat(envelope.path("data").path("payload_type").asString()).isNotBlank();
			}
			long duplicates = received.size() - received.stream().map(Delivery::webhookId).distinct().count();
			return received.size() + " deliveries, " + duplicates + " under a repeated webhook-id, latest state on retry";
		}
		finally {
			server.stop(0);
		}
	}

}
