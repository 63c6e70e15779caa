package dev.upsell.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import org.springframework.http.MediaType;

/**
 * Answers as problem details the requests Tomcat refuses before any filter runs, when their path is under
 * {@code /upsell/}: a path it cannot decode ({@code %zz}, an encoded slash or NUL, overlong UTF-8). Tomcat
 * marks such a request as an error while parsing it, then passes it through its valves to render an HTML error
 * page; this valve sits first in the engine's pipeline and writes the problem details instead. Other paths keep
 * the container's page. The undecodable path is never echoed.
 */
public class TomcatRejectedPathValve extends ValveBase {

	private final String prefix;

	/**
	 * Creates the valve.
	 * @param contextPath the application's context path ({@code ""} at the root)
	 */
	public TomcatRejectedPathValve(String contextPath) {
		super(true);
		this.prefix = contextPath + "/upsell/";
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		String uri = request.getRequestURI();
		if (!response.isError() || response.isCommitted() || uri == null || !uri.startsWith(this.prefix)
				|| !response.setErrorReported()) {
			getNext().invoke(request, response);
			return;
		}
		int status = response.getStatus();
		response.setSuspended(false);
		response.resetBuffer();
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		byte[] body = UpsellErrorResponseFilter.body(status).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.finishResponse();
	}

}
