package dev.upsell.web.internal;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.catalog.PurchaseContext;
import dev.upsell.trigger.TriggeredOffers;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.OfferView;

/**
 * {@code POST /upsell/moments/{moment}}: the signed-in customer's page says a moment has come (a billing page opened,
 * credits running low); answers the offers they may act on now, shown within each offer's cooldown and cap. Nothing
 * is charged: the customer accepts an offer like any other. {@code renewal} is Dodo's, fired by its webhook only.
 */
@RestController
public class MomentController {

	private final TriggeredOffers triggered;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param triggered the triggered offers
	 * @param customers names the signed-in customer
	 */
	public MomentController(TriggeredOffers triggered, CustomerIdResolver customers) {
		this.triggered = triggered;
		this.customers = customers;
	}

	/**
	 * The moment has come for the signed-in customer.
	 * @param moment the moment's name
	 * @param body the subscription it concerns, if any
	 * @param request the request
	 * @return the offers to show
	 */
	@PostMapping("/upsell/moments/{moment}")
	public List<OfferView> fire(@PathVariable String moment, @RequestBody(required = false) @Nullable MomentBody body,
			HttpServletRequest request) {
		return fire(this.triggered, SignedInCustomer.of(this.customers, request), moment, body);
	}

	static List<OfferView> fire(TriggeredOffers triggered, String customer, String moment,
			@Nullable MomentBody body) {
		MomentBody.requireMoment(moment);
		String subscriptionId = (body != null) ? body.subscriptionId() : null;
		return triggered.fire(customer, moment, subscriptionId, PurchaseContext.of(null))
			.stream()
			.map(OfferView::of)
			.toList();
	}

	/**
	 * The body of a moment.
	 *
	 * @param subscriptionId the subscription it concerns, if any (1 to 200 characters)
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record MomentBody(@Nullable String subscriptionId) {

		private static final Pattern MOMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

		/** Checks the subscription id's shape. */
		public MomentBody {
			if (subscriptionId != null && (subscriptionId.isBlank() || subscriptionId.length() > 200)) {
				throw new IllegalArgumentException("subscription_id must be a string of 1 to 200 characters");
			}
		}

		static void requireMoment(String moment) {
			if (!MOMENT.matcher(moment).matches()) {
				throw new IllegalArgumentException("A moment is 1 to 40 lower-case letters, digits and dashes");
			}
			if (TriggeredOffers.RENEWAL.equals(moment)) {
				throw new IllegalArgumentException("The renewal moment is fired by Dodo's subscription.renewed webhook");
			}
		}

	}

}
