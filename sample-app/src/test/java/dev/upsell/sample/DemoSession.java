package dev.upsell.sample;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A signed-in demo user over HTTP: basic auth plus the session's CSRF token, as the page uses them. */
final class DemoSession {

	private final RestTestClient http;

	private final String user;

	private final String cookie;

	private final String csrfHeader;

	private final String csrfToken;

	@SuppressWarnings("unchecked")
	DemoSession(RestTestClient http, String user) {
		this.http = http;
		this.user = user;
		EntityExchangeResult<Map> result = http.get()
			.uri("/api/csrf")
			.headers((headers) -> headers.setBasicAuth(user, user))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult();
		this.cookie = result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE).split(";")[0];
		this.csrfHeader = (String) result.getResponseBody().get("header");
		this.csrfToken = (String) result.getResponseBody().get("token");
	}

	RestTestClient.ResponseSpec get(String uri) {
		return this.http.get().uri(uri).headers(this::authenticate).exchange();
	}

	RestTestClient.ResponseSpec post(String uri, String json) {
		return this.http.post()
			.uri(uri)
			.headers(this::authenticate)
			.header(this.csrfHeader, this.csrfToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private void authenticate(HttpHeaders headers) {
		headers.setBasicAuth(this.user, this.user);
		headers.add(HttpHeaders.COOKIE, this.cookie);
	}

}
