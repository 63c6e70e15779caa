package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * Tiny stand-ins for the pages Dodo hosts for a customer, so links the simulator hands out can be followed in
 * a test or the demo: {@code /checkout/{session}} (a checkout link), {@code /pay/{payment}} (a payment link)
 * and {@code /authenticate/{payment}} (3-D Secure for a payment that {@code requires_customer_action}). Each
 * page is a form; posting to {@code …/complete} pays or authenticates, posting to
 * {@code /authenticate/{payment}/cancel} abandons the authentication.
 */
final class HostedPages {

	/** Writes Dodo's error shape. */
	@FunctionalInterface
	interface ErrorWriter {

		void write(HttpExchange exchange, int status, String code, String message) throws IOException;

	}

	private final SimulatorState state;

	private final ErrorWriter errors;

	HostedPages(SimulatorState state, ErrorWriter errors) {
		this.state = state;
		this.errors = errors;
	}

	boolean serves(String path) {
		return path.startsWith("/checkout/") || path.startsWith("/pay/") || path.startsWith("/authenticate/");
	}

	void handle(HttpExchange exchange, String method, String path) throws IOException {
		String[] parts = path.split("/");
		String page = parts[1];
		String id = (parts.length > 2) ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : "";
		String action = (parts.length > 3) ? parts[3] : "";
		try {
			if (method.equals("POST")) {
				String next = switch (page + "/" + action) {
					case "checkout/complete" -> this.state.checkouts.complete(id);
					case "pay/complete" -> this.state.payPaymentLink(id);
					case "authenticate/complete" -> this.state.authenticate(id, true);
					case "authenticate/cancel" -> this.state.authenticate(id, false);
					default -> throw ApiError.notFound("Page", path);
				};
				exchange.getResponseHeaders().set("Location", (next != null) ? next : "/" + page + "/" + id);
				exchange.sendResponseHeaders(303, -1);
				return;
			}
			if (!method.equals("GET") || !action.isEmpty()) {
				throw ApiError.notFound("Page", path);
			}
			String title = switch (page) {
				case "checkout" -> describe(this.state.checkouts.page(id), "Pay with test card");
				case "pay" -> describe(this.state.paymentPage(id), "Pay with test card");
				default -> describe(this.state.paymentPage(id), "Complete authentication")
						+ "<form method=\"post\" action=\"/authenticate/" + escape(id)
						+ "/cancel\"><button type=\"submit\">Cancel</button></form>";
			};
			String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Dodo simulator</title></head>"
					+ "<body><h1>Simulated Dodo " + escape(page) + "</h1>" + title.replace("{action}",
							"/" + escape(page) + "/" + escape(id) + "/complete")
					+ "</body></html>";
			byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (ApiError error) {
			this.errors.write(exchange, error.status(), error.code(), error.getMessage());
		}
	}

	private static String describe(@Nullable String summary, String button) {
		return "<p>" + escape((summary != null) ? summary : "") + "</p><form method=\"post\" action=\"{action}\">"
				+ "<button type=\"submit\">" + button + "</button></form>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
