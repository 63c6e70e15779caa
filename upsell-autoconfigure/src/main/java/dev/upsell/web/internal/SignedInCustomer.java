package dev.upsell.web.internal;

import jakarta.servlet.http.HttpServletRequest;

import dev.upsell.web.CustomerIdResolver;

/** The customer a request acts for, as the host's {@link CustomerIdResolver} names it; 401 when nobody is. */
final class SignedInCustomer {

	private SignedInCustomer() {
	}

	/**
	 * The signed-in customer's id.
	 * @param customers the host's resolver
	 * @param request the request
	 * @return the customer id, never blank
	 * @throws NotSignedInException when nobody is signed in
	 */
	static String of(CustomerIdResolver customers, HttpServletRequest request) {
		return customers.resolve(request).filter((id) -> !id.isBlank()).orElseThrow(NotSignedInException::new);
	}

	/** No customer is signed in (401). */
	static final class NotSignedInException extends RuntimeException {

		NotSignedInException() {
			super("Sign in to see and act on offers and plan changes", null, false, false);
		}

	}

}
