package dev.upsell.contract;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract against the standalone simulator, as strict as it is by default: it runs in every
 * {@code ./mvnw -B verify}, so the simulator is always held to the same checks as Dodo's test mode.
 */
class SimulatorContractTests {

	private static DodoSimulator dodo;

	private static final ContractReport report = new ContractReport("simulator");

	@BeforeAll
	static void start() {
		dodo = DodoSimulator.start();
	}

	@AfterAll
	static void stop() throws Exception {
		dodo.close();
		report.write(ContractRun.reportDirectory());
		// every scenario runs against the simulator: none may be skipped for a missing fixture
		assertThat(report.outcomes()).containsOnlyKeys(ContractRun.names()).allSatisfy((scenario, outcome) -> assertThat(outcome)
			.as(scenario).isEqualTo("passed"));
	}

	@TestFactory
	Stream<DynamicTest> everyScenarioHoldsOnTheSimulator() {
		return ContractRun.scenarios(DodoTarget.simulator(dodo), report);
	}

}
