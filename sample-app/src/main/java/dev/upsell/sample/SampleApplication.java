package dev.upsell.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The dodo-upsell demo. Without {@code DODO_PAYMENTS_API_KEY} it runs on an in-process Dodo simulator (see
 * {@link OfflineDodo}); with it, against Dodo's test mode.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Runs the demo.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
