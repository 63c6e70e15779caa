package dev.upsell.web.internal;

import java.util.Currency;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.upsell.catalog.Money;

/**
 * The optional body of {@code POST /upsell/offers/{id}/accept}, validated as it is bound (a bad field fails with a
 * 400 naming it). No body accepts at the price shown.
 *
 * @param confirmedPrice after a 409 {@code PRICE_CHANGED}: the new figure the customer was shown and agreed to,
 * {@code {"amount": <minor units>, "currency": "EUR"}}. It decides nothing: the charge goes ahead only if Dodo's
 * preview says exactly this figure now
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AcceptBody(@Nullable JsonNode confirmedPrice) {

	private static final String SHAPE = "confirmed_price must be {\"amount\": whole minor units, \"currency\": "
			+ "an ISO 4217 code}";

	/** Validates the field. */
	public AcceptBody {
		if (confirmedPrice != null && !confirmedPrice.isNull()) {
			JsonNode amount = confirmedPrice.path("amount");
			JsonNode currency = confirmedPrice.path("currency");
			if (!confirmedPrice.isObject() || !amount.isIntegralNumber() || !amount.canConvertToLong()
					|| amount.longValue() < 0 || !currency.isString() || !isCurrency(currency.asString())) {
				throw new IllegalArgumentException(SHAPE);
			}
		}
	}

	/**
	 * The confirmed figure.
	 * @return the figure, or {@code null} when none was sent
	 */
	public @Nullable Money price() {
		if (this.confirmedPrice == null || this.confirmedPrice.isNull()) {
			return null;
		}
		return new Money(this.confirmedPrice.path("amount").longValue(), this.confirmedPrice.path("currency").asString());
	}

	private static boolean isCurrency(String code) {
		if (code.length() != 3 || !code.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
			return false;
		}
		try {
			Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
