package dev.upsell.contract;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The contract against Dodo's test mode, with {@code DODO_PAYMENTS_API_KEY} set to a test-mode key; skipped with
 * a message saying so without one. A live-mode base URL or key is refused before anything is sent to it.
 */
class TestModeContractTests {

	private static final ContractReport report = new ContractReport("test-mode");

	@TestFactory
	Stream<DynamicTest> everyScenarioHoldsOnDodosTestMode() {
		Optional<DodoTarget> target = DodoTarget.testMode(System.getenv());
		Assumptions.assumeTrue(target.isPresent(), DodoTarget::whyNot);
		return ContractRun.scenarios(target.get(), report);
	}

	@Test
	void aLiveModeBaseUrlIsRefusedBeforeAnythingIsSent() {
		assertThatIllegalStateException()
			.isThrownBy(() -> DodoTarget.testMode(Map.of(DodoTarget.KEY, "any_key", "DODO_CONTRACT_BASE_URL",
					"https://live.dodopayments.com")))
			.withMessageContaining("never runs against live mode");
	}

	@Test
	void aKeyTestModeRefusesIsRefusedAsALiveOrWrongKey() throws Exception {
		// a stand-in for Dodo's test mode that refuses the key, as test mode refuses a live key (401)
		try (var testMode = dev.upsell.test.simulator.DodoSimulator.builder().requireApiKey("sk_test_only").start()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> DodoTarget.testMode(Map.of(DodoTarget.KEY, "sk_live_key", "DODO_CONTRACT_BASE_URL",
						testMode.baseUrl().toString())))
				.withMessageContaining("test-mode key");
		}
	}

	@Test
	void withoutAKeyTestModeIsSkippedSayingHowToRunIt() {
		assertThat(DodoTarget.testMode(Map.of())).isEmpty();
		assertThat(DodoTarget.whyNot()).contains("DODO_PAYMENTS_API_KEY");
	}

	@AfterAll
	static void writeReport() throws Exception {
		if (!report.lines().isEmpty()) {
			report.write(ContractRun.reportDirectory());
		}
	}

}
