package dev.upsell.test.simulator;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own:
 * {@code java -jar upsell-test-<version>-standalone.jar [--port 8099] [--webhook-url URL] [--webhook-secret whsec_…]
 * [--webhook-timing mixed|before-answer|after-answer] [--seed N] [--no-demo-data]}; {@code --help} prints the
 * options and the admin API.
 */
public final class DodoSimulatorMain {

	private static final String OPTIONS = String.join("\n", "Dodo Payments simulator (dodo-upsell)", "",
			"Usage: java -jar upsell-test-<version>-standalone.jar [options]", "",
			"  --port N                 port to listen on (default 8099; 0 picks a free one)",
			"  --webhook-url URL        deliver signed webhooks to URL (default: record only)",
			"  --webhook-secret whsec_  signing secret (default: random, printed at start)",
			"  --webhook-timing T       mixed (default), before-answer or after-answer",
			"  --seed N                 seed of the mixed webhook timing (default: random, printed)",
			"  --no-demo-data           start empty instead of with the demo customers and products",
			"  --help                   this text", "", "Admin API (JSON; errors as {code, message}):", "");

	private DodoSimulatorMain() {
	}

	/**
	 * Starts the simulator and runs until the process is stopped.
	 * @param args the command line
	 * @throws InterruptedException when interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		DodoSimulator.Builder builder = DodoSimulator.builder().port(8099);
		String timing = "mixed";
		long seed = System.nanoTime();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--help", "-h" -> {
					System.out.println(usage());
					return;
				}
				case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
				case "--webhook-url" -> builder.webhookTarget(URI.create(value(args, ++i, "--webhook-url")));
				case "--webhook-secret" -> builder.webhookSecret(value(args, ++i, "--webhook-secret"));
				case "--webhook-timing" -> timing = value(args, ++i, "--webhook-timing");
				case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
				case "--no-demo-data" -> builder.demoData(false);
				default -> fail("Unknown argument " + args[i] + "\n\n" + usage());
			}
		}
		switch (timing) {
			case "before-answer" -> builder.webhookTiming(WebhookTiming.beforeAnswer());
			case "after-answer" -> builder.webhookTiming(WebhookTiming.afterAnswer());
			case "mixed" -> builder.webhookTiming(WebhookTiming.mixed(seed));
			default -> fail("--webhook-timing is mixed, before-answer or after-answer");
		}
		DodoSimulator simulator = builder.start();
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
		System.out.println("Dodo simulator listening on " + simulator.baseUrl());
		System.out.println("  dodo.upsell.api.base-url=" + simulator.baseUrl());
		System.out.println("  dodo.upsell.webhook.secret=" + simulator.webhookSecret() + "   (a simulator-only test secret)");
		System.out.println("  webhook timing: " + simulator.webhooks().timing() + "; admin API: " + simulator.baseUrl()
				+ AdminApi.PREFIX);
		new CountDownLatch(1).await();
	}

	/**
	 * The command line help: options and the admin API.
	 * @return the help text
	 */
	public static String usage() {
		StringBuilder text = new StringBuilder(OPTIONS).append('\n');
		AdminApi.ENDPOINTS.forEach((endpoint, what) -> text.append("  ")
			.append(endpoint)
			.append("\n      ")
			.append(what)
			.append('\n'));
		return text.toString();
	}

	private static void fail(String message) {
		System.err.println(message);
		System.exit(2);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			fail(option + " needs a value");
		}
		return args[index];
	}

}
