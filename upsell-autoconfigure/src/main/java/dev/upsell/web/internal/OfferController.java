package dev.upsell.web.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.offer.AcceptResult;
import dev.upsell.offer.OfferService;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.OfferView;

/**
 * {@code GET /upsell/offers}, {@code POST /upsell/offers/{id}/accept}, {@code POST /upsell/offers/{id}/decline}
 * for the signed-in customer. Accept answers 200 when charged, 202 when the outcome is pending, and 422 with
 * the fallback {@code checkout_url} when no one-click charge was possible. Errors: see
 * {@link UpsellProblemHandler}.
 */
@RestController
public class OfferController {

	private static final Pattern OFFER_ID = Pattern.compile("off_[0-9a-f]{32}");

	private final OfferService offers;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param offers the offer service
	 * @param customers names the signed-in customer
	 */
	public OfferController(OfferService offers, CustomerIdResolver customers) {
		this.offers = offers;
		this.customers = customers;
	}

	/**
	 * The signed-in customer's open offers.
	 * @param request the request
	 * @return the offers
	 */
	@GetMapping("/upsell/offers")
	public List<OfferView> offers(HttpServletRequest request) {
		return this.offers.offersFor(customer(request)).stream().map(OfferView::of).toList();
	}

	/**
	 * Accepts an offer in one click.
	 * @param id the offer id
	 * @param body the figure the customer confirmed after a price change, if any
	 * @param request the request
	 * @return the result
	 */
	@PostMapping("/upsell/offers/{id}/accept")
	public ResponseEntity<?> accept(@PathVariable String id, @RequestBody(required = false) @Nullable AcceptBody body,
			HttpServletRequest request) {
		return answer(this.offers.accept(customer(request), offerId(id), (body != null) ? body.price() : null));
	}

	/**
	 * The answer to an accept: 200 charged, 202 pending or action required, 422 redirect, 502 failed.
	 * @param result what accepting did
	 * @return the answer
	 */
	static ResponseEntity<?> answer(AcceptResult result) {
		return switch (result.outcome()) {
			case CHARGED -> ResponseEntity.ok(AcceptResponse.of(result));
			case PENDING, ACTION_REQUIRED -> ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptResponse.of(result));
			case REDIRECT -> ResponseEntity.unprocessableEntity()
				.body(UpsellProblemHandler.problem(HttpStatus.UNPROCESSABLE_CONTENT, "No one-click charge",
						"This offer cannot be charged in one click (" + result.reason()
								+ "); continue at checkout_url",
						Map.of("offer", OfferView.of(result.offer()), "checkout_url", result.checkoutUrl(), "reason",
								result.reason())));
			case FAILED -> ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.body(UpsellProblemHandler.problem(HttpStatus.BAD_GATEWAY, "Charge failed",
						"The charge failed (" + result.reason() + ")", Map.of("offer", OfferView.of(result.offer()))));
		};
	}

	/**
	 * Declines an offer; the response carries the downsell, if the rule has one.
	 * @param id the offer id
	 * @param request the request
	 * @return the declined offer and the downsell
	 */
	@PostMapping("/upsell/offers/{id}/decline")
	public DeclineResponse decline(@PathVariable String id, HttpServletRequest request) {
		return DeclineResponse.of(this.offers.decline(customer(request), offerId(id)));
	}

	private String customer(HttpServletRequest request) {
		return SignedInCustomer.of(this.customers, request);
	}

	/**
	 * The id, when it has the shape of an offer id.
	 * @param id the path's id
	 * @return the id
	 * @throws IllegalArgumentException otherwise (400)
	 */
	static String offerId(String id) {
		if (!OFFER_ID.matcher(id).matches()) {
			throw new IllegalArgumentException("Not an offer id: expected off_ and 32 hex digits");
		}
		return id;
	}

}
