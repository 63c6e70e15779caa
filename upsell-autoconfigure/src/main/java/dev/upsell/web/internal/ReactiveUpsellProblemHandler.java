package dev.upsell.web.internal;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * {@link UpsellProblemHandler}'s problem details for the WebFlux controllers, plus WebFlux's own refusal of a
 * body it cannot bind (400, naming the field when the body record said which).
 */
@RestControllerAdvice(assignableTypes = { ReactiveOfferController.class, ReactivePlanChangeController.class,
		ReactiveRetentionController.class, ReactiveMomentController.class, ReactiveOrderBumpController.class })
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ReactiveUpsellProblemHandler extends UpsellProblemHandler {

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<ProblemDetail> unbindable(ServerWebInputException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
				return respond(problem(HttpStatus.BAD_REQUEST, "Bad request", invalid.getMessage(), Map.of()));
			}
		}
		return respond(problem(HttpStatus.BAD_REQUEST, "Bad request",
				"The body is not the JSON object this endpoint takes", Map.of()));
	}

}
