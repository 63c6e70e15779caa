package dev.upsell.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Names the Dodo customer of the signed-in user. Declare a bean of this type to turn on the offer endpoints:
 * they act only for the customer it returns, so tie it to your authentication, never to a request parameter.
 */
@FunctionalInterface
public interface CustomerIdResolver {

	/**
	 * The Dodo customer id of the user making the request.
	 * @param request the request
	 * @return the customer id, or empty when nobody is signed in (answered with 401)
	 */
	Optional<String> resolve(HttpServletRequest request);

}
