package dev.upsell.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Start-up of a plain web + actuator app vs the same app with the starter: median of several fresh JVMs each. */
final class Startup {

	record Result(long plainMedianMs, long starterMedianMs, int launches) {

		double ratio() {
			return (double) this.starterMedianMs / this.plainMedianMs;
		}

	}

	private Startup() {
	}

	static Result run(int launches) throws Exception {
		List<Long> plain = new ArrayList<>();
		List<Long> starter = new ArrayList<>();
		launch("plain");
		launch("starter");
		for (int i = 0; i < launches; i++) {
			plain.add(launch("plain"));
			starter.add(launch("starter"));
		}
		return new Result(median(plain), median(starter), launches);
	}

	private static long launch(String mode) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
				StartupApps.class.getName(), mode)
			.redirectErrorStream(true)
			.start();
		try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith("READY ")) {
					process.waitFor(30, TimeUnit.SECONDS);
					return Long.parseLong(line.substring(6).trim());
				}
			}
		}
		finally {
			process.destroyForcibly();
		}
		throw new IllegalStateException("The " + mode + " app did not start");
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
