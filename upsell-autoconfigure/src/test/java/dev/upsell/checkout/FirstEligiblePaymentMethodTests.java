package dev.upsell.checkout;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.upsell.dodo.PaymentMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saved method a one-click charge uses: the one the customer used last (Dodo's {@code last_used_at}), among
 * those that can be charged off-session; wallets and methods whose {@code recurring_enabled} Dodo leaves null
 * are not turned away.
 */
class FirstEligiblePaymentMethodTests {

	private static final YearMonth NOW = YearMonth.of(2026, 12);

	private final FirstEligiblePaymentMethod selector = new FirstEligiblePaymentMethod(false);

	@Test
	void theMethodUsedLastIsChargedNotTheFirstListed() {
		PaymentMethod old = card("pm_old", Instant.parse("2025-01-10T00:00:00Z"));
		PaymentMethod never = card("pm_never", null);
		PaymentMethod recent = card("pm_recent", Instant.parse("2026-11-30T00:00:00Z"));
		assertThat(this.selector.select(List.of(old, never, recent), "USD", NOW).method()).isEqualTo(recent);
		assertThat(FirstEligiblePaymentMethod.lastUsedFirst(List.of(never, old, recent)))
			.extracting(PaymentMethod::paymentMethodId)
			.containsExactly("pm_recent", "pm_old", "pm_never");
	}

	@Test
	void aMethodThatCannotBeChargedOffSessionIsSkippedEvenIfUsedLast() {
		PaymentMethod offSessionRefused = new PaymentMethod("pm_recent", "card", null, false,
				Instant.parse("2026-11-30T00:00:00Z"), null);
		PaymentMethod older = card("pm_old", Instant.parse("2025-01-10T00:00:00Z"));
		assertThat(this.selector.select(List.of(offSessionRefused, older), "USD", NOW).method()).isEqualTo(older);
	}

	@Test
	void aWalletWhoseRecurringFlagDodoLeavesNullIsChargeable() {
		PaymentMethod wallet = new PaymentMethod("pm_wallet", "wallet", "apple_pay", null,
				Instant.parse("2026-11-30T00:00:00Z"), null);
		assertThat(this.selector.select(List.of(wallet), "USD", NOW).method()).isEqualTo(wallet);
	}

	private static PaymentMethod card(String id, Instant lastUsedAt) {
		return new PaymentMethod(id, "card", "credit", true, lastUsedAt,
				new PaymentMethod.Card("4242", "Visa", "credit", "US", "12", "2030", "Alice"));
	}

}
