package dev.upsell.web.internal;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.offer.AcceptResult;
import dev.upsell.web.OfferView;

/**
 * The body of {@code POST /upsell/offers/{id}/accept} (200 charged, 202 pending or action required), and the
 * {@code result} of its 409.
 *
 * @param outcome {@code charged}, {@code pending}, {@code action_required}, {@code redirect} or {@code failed}
 * @param paymentId the Dodo payment, when there is one
 * @param checkoutUrl the fallback checkout link, or a link where the customer authenticates when Dodo gave one
 * @param reason why it is pending, redirected or failed
 * @param actionUrl for {@code action_required}: a link where the customer authenticates (3-D Secure), only when
 * Dodo gave one
 * @param clientSecret for {@code action_required}, on the accept call's answer only: for Dodo's checkout SDK
 * @param publishableKey for {@code action_required}, on the accept call's answer only: the key Dodo's checkout
 * SDK is loaded with
 * @param offer the offer as it now stands
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AcceptResponse(String outcome, @Nullable String paymentId, @Nullable String checkoutUrl,
		@Nullable String reason, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String actionUrl,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String clientSecret,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String publishableKey, OfferView offer) {

	/**
	 * The body for a result.
	 * @param result what accepting did
	 * @return the body
	 */
	public static AcceptResponse of(AcceptResult result) {
		boolean action = result.outcome() == AcceptResult.Outcome.ACTION_REQUIRED;
		return new AcceptResponse(result.outcome().name().toLowerCase(Locale.ROOT), result.paymentId(),
				result.checkoutUrl(), result.reason(), action ? result.checkoutUrl() : null,
				action ? result.clientSecret() : null, action ? result.publishableKey() : null,
				OfferView.of(result.offer()));
	}

}
