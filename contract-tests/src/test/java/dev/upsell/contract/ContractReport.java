package dev.upsell.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The markdown report of one run: each scenario's outcome against a target, what Dodo answered, and the
 * simulator guesses it confirmed (passed), refuted (failed) or left open (skipped). Written to
 * {@code target/contract-report-<target>.md}, to attach to an issue or a pull request.
 */
final class ContractReport {

	/** One scenario's outcome. */
	record Line(String scenario, String outcome, String answer) {
	}

	private final String target;

	private final List<Line> lines = new CopyOnWriteArrayList<>();

	ContractReport(String target) {
		this.target = target;
	}

	void add(String scenario, String outcome, String answer) {
		this.lines.add(new Line(scenario, outcome, answer.replace('|', '/').replace('\n', ' ')));
	}

	List<Line> lines() {
		return List.copyOf(this.lines);
	}

	/** Writes the report; the path it was written to. */
	Path write(Path directory) throws IOException {
		StringBuilder text = new StringBuilder("# dodo-upsell contract against " + this.target + "\n\n")
			.append("Run ").append(Instant.now()).append(". A passed scenario confirms its guesses for this target, ")
			.append("a failed one refutes them; see docs/simulator.md.\n\n")
			.append("| scenario | outcome | Dodo answered | guesses checked |\n|---|---|---|---|\n");
		for (Line line : this.lines) {
			text.append("| ").append(line.scenario()).append(" | ").append(line.outcome()).append(" | ")
				.append(line.answer()).append(" | ")
				.append(String.join("; ", ContractScenarios.GUESSES.getOrDefault(line.scenario(), List.of())))
				.append(" |\n");
		}
		Files.createDirectories(directory);
		Path report = directory.resolve("contract-report-" + this.target + ".md");
		Files.writeString(report, text);
		return report;
	}

	/** The outcomes, by scenario. */
	Map<String, String> outcomes() {
		Map<String, String> outcomes = new java.util.LinkedHashMap<>();
		this.lines.forEach((line) -> outcomes.put(line.scenario(), line.outcome()));
		return outcomes;
	}

}
