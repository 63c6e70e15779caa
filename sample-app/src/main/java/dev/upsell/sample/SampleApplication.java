package dev.upsell.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import dev.upsell.web.RequestBodyLimitFilter;

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

	/**
	 * The demo's own endpoints read at most 4 KB of body, as the starter's {@code /upsell} endpoints do: a larger
	 * body answers 413 problem details before it is read.
	 * @return the filter for {@code /api/*}
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> demoRequestBodyLimit() {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(4096));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
