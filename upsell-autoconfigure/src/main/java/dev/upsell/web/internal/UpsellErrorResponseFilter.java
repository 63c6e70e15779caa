package dev.upsell.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the bare errors other filters send under {@code /upsell/**} as problem details: Spring Security's
 * 401 (not signed in) and 403 (a missing CSRF token, a forbidden role), its firewall's 400 for a malformed
 * path, and any other {@code sendError} made before a controller is reached. Without it these answer with the
 * servlet container's or Boot's error page (HTML or Boot's own JSON), unlike every other answer there.
 * <p>
 * Registered before Spring Security's filter chain, so the chain sends its errors through this filter's
 * response. The container's message is never copied into the body (it can carry the request's own text);
 * each status gets a fixed detail. Headers set before the error, such as {@code WWW-Authenticate}, are kept.
 */
public class UpsellErrorResponseFilter extends OncePerRequestFilter {

	/**
	 * Order of the filter's registration: before Spring Security's filter chain (-100).
	 */
	public static final int ORDER = -110;

	private static final Map<Integer, String> DETAILS = Map.of(400, "The request is malformed", 401,
			"Sign in first", 403,
			"Not allowed: the request lacks a valid CSRF token or the signed-in user may not do this", 404,
			"No such endpoint under /upsell", 405, "This endpoint does not take this method", 413,
			"The body is too large");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new ProblemOnError(response));
	}

	/**
	 * The problem details for a bare error status, with the status's fixed detail.
	 * @param status the status
	 * @return the JSON body
	 */
	public static String body(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return body(status, DETAILS.getOrDefault(status, (known != null) ? known.getReasonPhrase() : "Error"));
	}

	/**
	 * Problem details written where no message converter is at hand (a filter, a Tomcat valve). The detail is
	 * ours, never the request's: it is not escaped.
	 * @param status the status
	 * @param detail the detail
	 * @return the JSON body
	 */
	public static String body(int status, String detail) {
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
				+ detail + "\"}";
	}

	private static final class ProblemOnError extends HttpServletResponseWrapper {

		ProblemOnError(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void sendError(int status) throws IOException {
			sendError(status, null);
		}

		@Override
		public void sendError(int status, String ignoredMessage) throws IOException {
			if (isCommitted()) {
				super.sendError(status);
				return;
			}
			resetBuffer();
			setStatus(status);
			setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			byte[] body = body(status).getBytes(StandardCharsets.UTF_8);
			setContentLength(body.length);
			getOutputStream().write(body);
			flushBuffer();
		}

	}

}
