package dev.upsell.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/** Runs every scenario against a target as dynamic tests, each recorded in the target's report. */
final class ContractRun {

	private ContractRun() {
	}

	static Stream<DynamicTest> scenarios(DodoTarget target, ContractReport report) {
		return ContractScenarios.ALL.entrySet().stream().map((scenario) -> DynamicTest.dynamicTest(scenario.getKey(), () -> {
			try {
				String answer = scenario.getValue().apply(target);
				report.add(scenario.getKey(), "passed", answer);
			}
			catch (TestAbortedException ex) {
				report.add(scenario.getKey(), "skipped", String.valueOf(ex.getMessage()));
				throw ex;
			}
			catch (AssertionError | RuntimeException ex) {
				report.add(scenario.getKey(), "FAILED", ex.getClass().getSimpleName() + ": " + ex.getMessage());
				throw ex;
			}
		}));
	}

	static Path reportDirectory() {
		return Path.of(System.getProperty("contract.reports", "target"));
	}

	static List<String> names() {
		return List.copyOf(ContractScenarios.ALL.keySet());
	}

}
