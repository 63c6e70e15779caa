package dev.upsell.web.internal;

import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.upsell.dodo.DodoApiException;
import dev.upsell.offer.OfferAlreadySettledException;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferNotFoundException;
import dev.upsell.offer.OfferPriceChangedException;
import dev.upsell.offer.OfferStoreException;
import dev.upsell.plan.PlanChangeException;
import dev.upsell.retention.RetentionException;
import dev.upsell.web.OfferView;
import dev.upsell.web.RequestBodyLimitFilter;

/**
 * Maps the starter's exceptions to RFC 9457 problem details, in one place: 400 bad input, 401 not signed
 * in, 404 unknown (or someone else's) offer or subscription, 409 already accepted (with the existing result)
 * or plan change pending, 410 expired or declined, 422 plan change not possible, 502 Dodo error. Never a
 * stack trace.
 */
@RestControllerAdvice(assignableTypes = { OfferController.class, PlanChangeController.class,
		RetentionController.class, MomentController.class, OrderBumpController.class })
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class UpsellProblemHandler {

	private static final Log logger = LogFactory.getLog(UpsellProblemHandler.class);

	@ExceptionHandler(OfferNotFoundException.class)
	public ResponseEntity<ProblemDetail> notFound(OfferNotFoundException ex) {
		return respond(problem(HttpStatus.NOT_FOUND, "Offer not found", ex.getMessage(), Map.of()));
	}

	@ExceptionHandler(OfferGoneException.class)
	public ResponseEntity<ProblemDetail> gone(OfferGoneException ex) {
		return respond(problem(HttpStatus.GONE, "Offer no longer available", ex.getMessage(),
				Map.of("offer", OfferView.of(ex.offer()))));
	}

	@ExceptionHandler(OfferAlreadySettledException.class)
	public ResponseEntity<ProblemDetail> settled(OfferAlreadySettledException ex) {
		return respond(problem(HttpStatus.CONFLICT, "Offer already accepted", ex.getMessage(),
				Map.of("result", AcceptResponse.of(ex.result()))));
	}

	@ExceptionHandler(OfferPriceChangedException.class)
	ResponseEntity<ProblemDetail> priceChanged(OfferPriceChangedException ex) {
		String display = ex.price().format(Locale.US);
		return respond(problem(HttpStatus.CONFLICT, "Price changed",
				"Dodo would now charge " + display + " for this offer; nothing was charged. Accept again with "
						+ "confirmed_price to pay it",
				Map.of("reason", "PRICE_CHANGED", "price", Map.of("amount", ex.price().amount(), "currency",
						ex.price().currency(), "display", display), "offer", OfferView.of(ex.offer()))));
	}

	@ExceptionHandler(DodoApiException.class)
	ResponseEntity<ProblemDetail> dodo(DodoApiException ex) {
		logger.warn("Dodo call failed: " + ex.getMessage());
		return respond(problem(HttpStatus.BAD_GATEWAY, "Dodo Payments error",
				"Dodo Payments could not complete the request; try again",
				(ex.code() != null) ? Map.of("dodo_code", ex.code()) : Map.of()));
	}

	@ExceptionHandler(OfferStoreException.class)
	ResponseEntity<ProblemDetail> store(OfferStoreException ex) {
		logger.error("Offer store failed", ex);
		return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "Offers unavailable",
				"Offers cannot be read or changed right now; nothing was charged twice. Try again shortly", Map.of()));
	}

	@ExceptionHandler(SignedInCustomer.NotSignedInException.class)
	ResponseEntity<ProblemDetail> notSignedIn(SignedInCustomer.NotSignedInException ex) {
		return respond(problem(HttpStatus.UNAUTHORIZED, "Not signed in", ex.getMessage(), Map.of()));
	}

	@ExceptionHandler(RetentionException.class)
	ResponseEntity<ProblemDetail> retention(RetentionException ex) {
		return retentionProblem(ex);
	}

	/**
	 * The problem details of a retention step that cannot be taken: its status and {@code reason}.
	 * @param ex the refusal
	 * @return the answer
	 */
	public static ResponseEntity<ProblemDetail> retentionProblem(RetentionException ex) {
		return respond(problem(HttpStatus.valueOf(ex.reason().status()), "Retention step not possible", ex.getMessage(),
				Map.of("reason", ex.reason().name())));
	}

	@ExceptionHandler(PlanChangeException.class)
	ResponseEntity<ProblemDetail> planChange(PlanChangeException ex) {
		return planChangeProblem(ex);
	}

	public static ResponseEntity<ProblemDetail> planChangeProblem(PlanChangeException ex) {
		Map<String, Object> properties = (ex.quote() != null)
				? Map.of("reason", ex.reason().name(), "quote", QuoteView.of(ex.quote()))
				: Map.of("reason", ex.reason().name());
		return respond(problem(status(ex.reason()), "Plan change not possible", ex.getMessage(), properties));
	}

	/** The HTTP status a plan change refusal answers with: the service knows reasons, the web layer statuses. */
	static HttpStatus status(PlanChangeException.Reason reason) {
		return switch (reason) {
			case SUBSCRIPTION_NOT_FOUND -> HttpStatus.NOT_FOUND;
			case SUBSCRIPTION_NOT_ACTIVE, SAME_PLAN, INVALID_PLAN, CURRENCY_MISMATCH -> HttpStatus.UNPROCESSABLE_CONTENT;
			case CHANGE_PENDING, NOTHING_SCHEDULED, QUOTE_CHANGED, QUOTE_EXPIRED -> HttpStatus.CONFLICT;
			case INVALID_OPTIONS -> HttpStatus.BAD_REQUEST;
			case DODO_REFUSED -> HttpStatus.BAD_GATEWAY;
		};
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		// a field the body record refused: its own message names the field and what it takes
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
				return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge.getMessage(),
						Map.of()));
			}
			if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
				return respond(problem(HttpStatus.BAD_REQUEST, "Bad request", invalid.getMessage(), Map.of()));
			}
		}
		return respond(problem(HttpStatus.BAD_REQUEST, "Bad request", "The body is not the JSON object this endpoint takes",
				Map.of()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> badInput(IllegalArgumentException ex) {
		Map<String, Object> properties = (ex instanceof CustomerPlanChoices.CustomerChoiceException refused)
				? Map.of("field", refused.field(), "reason", "NOT_CUSTOMER_CHOICE") : Map.of();
		return respond(problem(HttpStatus.BAD_REQUEST, "Bad request", ex.getMessage(), properties));
	}

	static ProblemDetail problem(HttpStatusCode status, String title, String detail, Map<String, ?> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		properties.forEach(problem::setProperty);
		return problem;
	}

	static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
