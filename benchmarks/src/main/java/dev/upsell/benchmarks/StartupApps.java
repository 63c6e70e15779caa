package dev.upsell.benchmarks;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * The two apps the start-up benchmark launches in fresh JVMs: a Spring Boot web + actuator app, {@code plain}
 * (dodo-upsell's auto-configuration excluded) or {@code starter} (with it). Prints {@code READY <ms>} (JVM
 * uptime when the app is ready) and exits.
 */
public final class StartupApps {

	static final String UPSELL_AUTO_CONFIGURATIONS = String.join(",",
			"dev.upsell.autoconfigure.DodoClientAutoConfiguration", "dev.upsell.autoconfigure.OfferAutoConfiguration",
			"dev.upsell.autoconfigure.PlanChangeAutoConfiguration", "dev.upsell.autoconfigure.WebhookAutoConfiguration",
			"dev.upsell.autoconfigure.OfferWebAutoConfiguration",
			"dev.upsell.autoconfigure.UpsellMetricsAutoConfiguration");

	private StartupApps() {
	}

	/**
	 * Starts one app.
	 * @param args {@code plain} or {@code starter}
	 */
	public static void main(String[] args) {
		boolean starter = args.length > 0 && args[0].equals("starter");
		SpringApplication application = new SpringApplication(WebApp.class);
		String exclusions = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
				+ (starter ? "" : "," + UPSELL_AUTO_CONFIGURATIONS);
		application.setDefaultProperties(java.util.Map.of("server.port", "0", "spring.main.banner-mode", "off",
				"logging.level.root", "WARN", "spring.autoconfigure.exclude", exclusions, "dodo.upsell.api.base-url",
				"http://127.0.0.1:9", "dodo.upsell.webhook.secret", WebhookVerificationBenchmark.SECRET,
				"management.endpoints.web.exposure.include", "health,prometheus"));
		application.addListeners((ApplicationListener<ApplicationReadyEvent>) (event) -> {
			System.out.println("READY " + ManagementFactory.getRuntimeMXBean().getUptime());
			System.exit(0);
		});
		application.run(args);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApp {

	}

}
