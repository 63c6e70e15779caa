package dev.upsell.web.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's own refusals under {@code /upsell/**} (a method, content type or path the endpoints do not
 * serve) answer as problem details like every other error there. These are raised before a controller is
 * chosen, where {@link UpsellProblemHandler} (scoped to the controllers) does not apply; outside
 * {@code /upsell/**} the exception is rethrown, so the host's own handling stays as it was.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 200)
public class UpsellMvcProblemAdvice {

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException ex,
			HttpServletRequest request) throws HttpRequestMethodNotSupportedException {
		requireUpsell(request, ex);
		return problem(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed",
				"This endpoint does not take " + ex.getMethod().replaceAll("[^A-Z]", ""));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex,
			HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
		requireUpsell(request, ex);
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
				"The body must be application/json");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request)
			throws HttpMediaTypeNotAcceptableException {
		requireUpsell(request, ex);
		return problem(HttpStatus.NOT_ACCEPTABLE, "Not Acceptable",
				"This endpoint answers application/json (errors application/problem+json)");
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NoResourceFoundException ex, HttpServletRequest request)
			throws NoResourceFoundException {
		requireUpsell(request, ex);
		return problem(HttpStatus.NOT_FOUND, "Not Found", "No such endpoint under /upsell");
	}

	private static <E extends Exception> void requireUpsell(HttpServletRequest request, E ex) throws E {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith("/upsell/")) {
			throw ex;
		}
	}

	/** Always application/problem+json, whatever the request accepted: an error is never an empty 406. */
	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = UpsellProblemHandler.problem(status, title, detail, Map.of());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
