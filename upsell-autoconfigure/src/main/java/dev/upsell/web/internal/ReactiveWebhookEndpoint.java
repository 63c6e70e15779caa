package dev.upsell.web.internal;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.upsell.webhook.WebhookProcessor;

/**
 * The webhook endpoint of WebFlux hosts, answering as {@link WebhookEndpoint} does for servlet hosts: the raw
 * body bytes, at most {@code maxBodySize} (a declared larger length is 413 before reading, a longer stream stops
 * at the limit), the {@link WebhookProcessor}'s status, the same bodies and meters. Processing settles offers in
 * the store and may ask Dodo, which block: it runs on Reactor's bounded elastic scheduler, never on an event
 * loop.
 */
public final class ReactiveWebhookEndpoint implements HandlerFunction<ServerResponse> {

	private final WebhookProcessor processor;

	private final long maxBodySize;

	/**
	 * Creates the endpoint.
	 * @param processor handles verified deliveries
	 * @param maxBodySize the largest body accepted
	 */
	public ReactiveWebhookEndpoint(WebhookProcessor processor, DataSize maxBodySize) {
		this.processor = processor;
		this.maxBodySize = maxBodySize.toBytes();
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		if (request.headers().contentLength().orElse(-1) > this.maxBodySize) {
			return tooLarge();
		}
		int limit = (int) Math.min(this.maxBodySize, Integer.MAX_VALUE - 8);
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
			.map(ReactiveWebhookEndpoint::bytes)
			.defaultIfEmpty(new byte[0])
			.publishOn(Schedulers.boundedElastic())
			.map((body) -> this.processor.process(request.headers().firstHeader("webhook-id"),
					request.headers().firstHeader("webhook-timestamp"), request.headers().firstHeader("webhook-signature"),
					body))
			.flatMap(ReactiveWebhookEndpoint::respond)
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge());
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** Counted like every other answer: the processor publishes it. */
	private Mono<ServerResponse> tooLarge() {
		return Mono.fromCallable(() -> this.processor.tooLarge(this.maxBodySize + " bytes"))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(ReactiveWebhookEndpoint::respond);
	}

	private static Mono<ServerResponse> respond(WebhookProcessor.Result result) {
		return result.taken() ? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result.body())
				: ServerResponse.status(result.outcome().status())
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.bodyValue(WebhookProblems.of(result));
	}

}
