package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * Tiny stand-ins for what Dodo shows a customer, so a test or the demo can act as the customer:
 * {@code /checkout/{session}} (a checkout link), {@code /pay/{payment}} (a payment link, only handed out when
 * asked for) and {@code /sdk/{client_secret}}, the stand-in for Dodo's checkout SDK loaded in the shop's page with
 * a {@code client_secret} and {@code publishable_key} (3-D Secure on a saved card, or a card for a payment that has
 * none). No API answer links to {@code /sdk/}: as with Dodo, the shop's page opens it with the client secret it
 * was given. Each page is a form; posting to {@code …/complete} pays or authenticates, posting to
 * {@code /sdk/{client_secret}/cancel} abandons the authentication. {@code ?return_url=} (http or https) on the
 * SDK page says where to go afterwards, as the shop's page would continue after the SDK's event.
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
		return path.startsWith("/checkout/") || path.startsWith("/pay/") || path.startsWith("/sdk/");
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
					case "sdk/complete" -> this.state.finishWithCheckoutSdk(id, true);
					case "sdk/cancel" -> this.state.finishWithCheckoutSdk(id, false);
					default -> throw ApiError.notFound("Page", path);
				};
				String back = returnUrl(exchange);
				next = (back != null) ? back : next;
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
				case "sdk" -> this.state.awaitsAuthentication(id)
						? describe(this.state.checkoutSdkPage(id), "Complete authentication")
								+ "<form method=\"post\" action=\"/sdk/" + escape(id) + "/cancel" + query(exchange)
								+ "\"><button type=\"submit\">Cancel</button></form>"
						: describe(this.state.checkoutSdkPage(id), "Pay with test card");
				default -> throw ApiError.notFound("Page", path);
			};
			String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Dodo simulator</title></head>"
					+ "<body><h1>Simulated Dodo " + escape(page.equals("sdk") ? "checkout SDK" : page) + "</h1>"
					+ title.replace("{action}", "/" + escape(page) + "/" + escape(id) + "/complete" + query(exchange))
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

	/** The page's {@code return_url}, when it is an http(s) address. */
	private static @Nullable String returnUrl(HttpExchange exchange) {
		String query = exchange.getRequestURI().getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith("return_url=")) {
				String url = URLDecoder.decode(pair.substring("return_url=".length()), StandardCharsets.UTF_8);
				return (url.startsWith("http://") || url.startsWith("https://")) ? url : null;
			}
		}
		return null;
	}

	private static String query(HttpExchange exchange) {
		String url = returnUrl(exchange);
		return (url != null) ? escape("?return_url=" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8)) : "";
	}

	private static String describe(@Nullable String summary, String button) {
		return "<p>" + escape((summary != null) ? summary : "") + "</p><form method=\"post\" action=\"{action}\">"
				+ "<button type=\"submit\">" + button + "</button></form>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
