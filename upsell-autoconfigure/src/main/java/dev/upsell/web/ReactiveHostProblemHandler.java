package dev.upsell.web;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferNotFoundException;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.retention.RetentionException;
import dev.upsell.web.internal.UpsellProblemHandler;

/**
 * The starter's own exceptions, thrown from the host's WebFlux handlers (annotated or functional, e.g.
 * {@code Mono.fromCallable(() -> offers.accept(...))}), answer as the same problem details as on Spring MVC: 404 an
 * unknown (or someone else's) offer, 410 expired or declined, 409 accepted before (with that result), a plan change
 * by its reason. Only these types; every other error goes on to the host's handling. Runs before Boot's error
 * handler and after the host's own {@code @ExceptionHandler}s; off with
 * {@code dodo.upsell.web.host-controller-problems=false}.
 */
public class ReactiveHostProblemHandler implements WebExceptionHandler, Ordered {

	/** Before Boot's {@code DefaultErrorWebExceptionHandler} (-1). */
	public static final int ORDER = -2;

	private final UpsellProblemHandler problems = new UpsellProblemHandler();

	private final ServerResponse.Context context;

	/**
	 * Creates the handler.
	 * @param codecs the application's codecs, to write the problem as JSON
	 */
	public ReactiveHostProblemHandler(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ResponseEntity<ProblemDetail> answer = answer(ex);
		if (answer == null || exchange.getResponse().isCommitted() || answer.getBody() == null) {
			return Mono.error(ex);
		}
		return ServerResponse.status(answer.getStatusCode())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(answer.getBody())
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	private ResponseEntity<ProblemDetail> answer(Throwable ex) {
		if (ex instanceof OfferNotFoundException notFound) {
			return this.problems.notFound(notFound);
		}
		if (ex instanceof OfferGoneException gone) {
			return this.problems.gone(gone);
		}
		if (ex instanceof OfferAlreadySettledException settled) {
			return this.problems.settled(settled);
		}
		if (ex instanceof PlanChangeException planChange) {
			return UpsellProblemHandler.planChangeProblem(planChange);
		}
		if (ex instanceof RetentionException retention) {
			return UpsellProblemHandler.retentionProblem(retention);
		}
		return null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
