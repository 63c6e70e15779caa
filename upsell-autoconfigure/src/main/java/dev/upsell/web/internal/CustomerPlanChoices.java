package dev.upsell.web.internal;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;

/**
 * The billing options a customer may send to {@code POST /upsell/plan-changes} and its preview
 * ({@code dodo.upsell.plan-change.customer-may-choose.*}): none by default, so the merchant's
 * {@code PlanChangePolicy} decides how every change is billed. A field a customer sends outside this set is
 * refused with 400 naming it, before anything is asked of Dodo.
 *
 * @param prorationModes the {@code proration_mode} values a customer may send
 * @param effectiveAt the {@code effective_at} values a customer may send
 * @param onPaymentFailure the {@code on_payment_failure} values a customer may send
 */
public record CustomerPlanChoices(Set<ProrationMode> prorationModes, Set<EffectiveAt> effectiveAt,
		Set<OnPaymentFailure> onPaymentFailure) {

	/** Copies the sets. */
	public CustomerPlanChoices {
		prorationModes = Set.copyOf(prorationModes);
		effectiveAt = Set.copyOf(effectiveAt);
		onPaymentFailure = Set.copyOf(onPaymentFailure);
	}

	/** Nothing: every billing option is the merchant's. The default. */
	public static CustomerPlanChoices none() {
		return new CustomerPlanChoices(Set.of(), Set.of(), Set.of());
	}

	/**
	 * The value a customer sent, if this set lets them send it.
	 * @param <E> the option's type
	 * @param value what was sent (already a valid constant), or {@code null}
	 * @param field the JSON field, for the error
	 * @param allowed the values the host allows
	 * @return the value, or {@code null} when none was sent
	 * @throws CustomerChoiceException when the value is not the customer's to choose
	 */
	static <E extends Enum<E>> @Nullable E allowed(@Nullable E value, String field, Set<E> allowed) {
		if (value == null || allowed.contains(value)) {
			return value;
		}
		String choices = allowed.isEmpty() ? "the shop's plan change policy sets it; leave it out"
				: "a customer may send only " + allowed.stream()
					.map((choice) -> choice.name().toLowerCase(Locale.ROOT))
					.sorted()
					.collect(Collectors.joining(", "));
		throw new CustomerChoiceException(field, field + " cannot be chosen here: " + choices);
	}

	/** A billing field a customer may not send: answered 400 with the field's name. */
	public static final class CustomerChoiceException extends IllegalArgumentException {

		private final String field;

		CustomerChoiceException(String field, String message) {
			super(message);
			this.field = field;
		}

		/** The JSON field refused. */
		public String field() {
			return this.field;
		}

	}

}
