package dev.upsell.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferNotFoundException;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.retention.RetentionException;
import dev.upsell.web.internal.UpsellProblemHandler;

/**
 * The starter's own exceptions, thrown from the host's controllers, answer as the documented problem details
 * without a handler of the host's: 404 an unknown (or someone else's) offer, 410 expired or declined, 409
 * accepted before (with that result), a plan change's status by its reason, and a retention step's by its reason. Only these types: every other
 * exception of the host's is left to the host. Lowest precedence, so the host's own advice wins; off with
 * {@code dodo.upsell.web.host-controller-problems=false}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class HostControllerProblemAdvice {

	private final UpsellProblemHandler problems = new UpsellProblemHandler();

	@ExceptionHandler(OfferNotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(OfferNotFoundException ex) {
		return this.problems.notFound(ex);
	}

	@ExceptionHandler(OfferGoneException.class)
	ResponseEntity<ProblemDetail> gone(OfferGoneException ex) {
		return this.problems.gone(ex);
	}

	@ExceptionHandler(OfferAlreadySettledException.class)
	ResponseEntity<ProblemDetail> settled(OfferAlreadySettledException ex) {
		return this.problems.settled(ex);
	}

	@ExceptionHandler(PlanChangeException.class)
	ResponseEntity<ProblemDetail> planChange(PlanChangeException ex) {
		return UpsellProblemHandler.planChangeProblem(ex);
	}

	@ExceptionHandler(RetentionException.class)
	ResponseEntity<ProblemDetail> retention(RetentionException ex) {
		return UpsellProblemHandler.retentionProblem(ex);
	}

}
