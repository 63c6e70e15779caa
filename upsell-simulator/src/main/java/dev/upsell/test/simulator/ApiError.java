package dev.upsell.test.simulator;

/** An error answer of the simulated API: HTTP status plus Dodo's {@code {code, message}} body. */
final class ApiError extends RuntimeException {

	private final int status;

	private final String code;

	ApiError(int status, String code, String message) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
	}

	static ApiError notFound(String what, String id) {
		return new ApiError(404, "NOT_FOUND", what + " " + id + " not found");
	}

	static ApiError invalid(String code, String message) {
		return new ApiError(422, code, message);
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

}
