package dev.upsell.web.internal;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.upsell.webhook.WebhookProcessor;

/**
 * The HTTP side of webhooks (Spring MVC functional endpoint): reads the raw body bytes, at most
 * {@code maxBodySize} (larger is 413 without reading it all), and answers with the
 * {@link WebhookProcessor}'s status. Responses never echo the body or the secret.
 */
public final class WebhookEndpoint implements HandlerFunction<ServerResponse> {

	private final WebhookProcessor processor;

	private final long maxBodySize;

	/**
	 * Creates the endpoint.
	 * @param processor handles verified deliveries
	 * @param maxBodySize the largest body accepted
	 */
	public WebhookEndpoint(WebhookProcessor processor, DataSize maxBodySize) {
		this.processor = processor;
		this.maxBodySize = maxBodySize.toBytes();
	}

	@Override
	public ServerResponse handle(ServerRequest request) throws IOException {
		long declared = request.servletRequest().getContentLengthLong();
		if (declared > this.maxBodySize) {
			return tooLarge();
		}
		byte[] body;
		try (InputStream in = request.servletRequest().getInputStream()) {
			body = in.readNBytes((int) Math.min(this.maxBodySize + 1, Integer.MAX_VALUE - 8));
		}
		if (body.length > this.maxBodySize) {
			return tooLarge();
		}
		WebhookProcessor.Result result = this.processor.process(request.headers().firstHeader("webhook-id"),
				request.headers().firstHeader("webhook-timestamp"), request.headers().firstHeader("webhook-signature"),
				body);
		return respond(result);
	}

	/** Counted like every other answer: the processor publishes it. */
	private ServerResponse tooLarge() {
		return respond(this.processor.tooLarge(this.maxBodySize + " bytes"));
	}

	private static ServerResponse respond(WebhookProcessor.Result result) {
		return result.taken() ? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(result.body())
				: ServerResponse.status(result.outcome().status())
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(WebhookProblems.of(result));
	}

}
