package dev.upsell.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.upsell.web.internal.UpsellErrorResponseFilter;

/**
 * Caps request bodies of the {@code /upsell} endpoints, as the webhook endpoint caps its own: a declared
 * {@code Content-Length} over the limit is answered 413 (problem details) before anything is read, and a body
 * streamed without one stops being read at the limit ({@link BodyTooLargeException}, also 413). No endpoint
 * under {@code /upsell} needs more than a few hundred bytes.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	/**
	 * Creates the filter.
	 * @param maxBytes the largest body read
	 */
	public RequestBodyLimitFilter(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			tooLarge(response, this.maxBytes);
			return;
		}
		chain.doFilter(new Capped(request, this.maxBytes), response);
	}

	/**
	 * Writes the 413 problem details.
	 * @param response the response
	 * @param maxBytes the limit
	 * @throws IOException when the response cannot be written
	 */
	static void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream()
			.write(UpsellErrorResponseFilter.body(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
					"The body is larger than " + maxBytes + " bytes")
				.getBytes(StandardCharsets.UTF_8));
	}

	/** Thrown when a body without a declared length goes past the limit while it is read. */
	public static final class BodyTooLargeException extends IOException {

		private final long maxBytes;

		BodyTooLargeException(long maxBytes) {
			super("The body is larger than " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		/** The limit. */
		public long maxBytes() {
			return this.maxBytes;
		}

	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Capped(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CappedStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class CappedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long maxBytes;

		private long read;

		CappedStream(ServletInputStream in, long maxBytes) {
			this.in = in;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new BodyTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
