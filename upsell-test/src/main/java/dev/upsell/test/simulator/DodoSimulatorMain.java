package dev.upsell.test.simulator;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own:
 * {@code java -jar upsell-test-<version>-standalone.jar [--port 8099] [--webhook-url URL] [--webhook-secret whsec_…] [--no-demo-data]}.
 */
public final class DodoSimulatorMain {

	private DodoSimulatorMain() {
	}

	/**
	 * Starts the simulator and runs until the process is stopped.
	 * @param args the command line
	 * @throws InterruptedException when interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		DodoSimulator.Builder builder = DodoSimulator.builder().port(8099);
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
				case "--webhook-url" -> builder.webhookTarget(URI.create(value(args, ++i, "--webhook-url")));
				case "--webhook-secret" -> builder.webhookSecret(value(args, ++i, "--webhook-secret"));
				case "--no-demo-data" -> builder.demoData(false);
				default -> {
					System.err.println("Unknown argument " + args[i] + "\nUsage: [--port 8099] [--webhook-url URL] "
							+ "[--webhook-secret whsec_...] [--no-demo-data]");
					System.exit(2);
				}
			}
		}
		DodoSimulator simulator = builder.start();
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
		System.out.println("Dodo simulator listening on " + simulator.baseUrl());
		System.out.println("  dodo.upsell.api.base-url=" + simulator.baseUrl());
		System.out.println("  dodo.upsell.webhook.secret=" + simulator.webhookSecret() + "   (a simulator-only test secret)");
		new CountDownLatch(1).await();
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			System.err.println(option + " needs a value");
			System.exit(2);
		}
		return args[index];
	}

}
