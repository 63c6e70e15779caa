package dev.upsell.sample;

import java.util.Map;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.upsell.web.CustomerIdResolver;

/**
 * Demo security: four users, and the {@link CustomerIdResolver} that ties offers to the signed-in user — the
 * one place a host decides which Dodo customer a request acts for. The webhook endpoint is open (its signature
 * is its authentication) and exempt from CSRF; health and Prometheus are open for scrapers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Demo user name → Dodo customer id (simulator demo data). */
	static final Map<String, String> CUSTOMERS = Map.of("alice", "cus_alice", "bob", "cus_bob", "nora", "cus_nocard", "sam",
			"cus_sca");

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/webhooks/dodo", "/actuator/health/**", "/actuator/prometheus", "/login", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/webhooks/dodo"))
			.formLogin((form) -> form.defaultSuccessUrl("/", true))
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice").roles("CUSTOMER").build(),
				User.withUsername("bob").password("{noop}bob").roles("CUSTOMER").build(),
				User.withUsername("nora").password("{noop}nora").roles("CUSTOMER").build(),
				User.withUsername("sam").password("{noop}sam").roles("CUSTOMER").build());
	}

	@Bean
	CustomerIdResolver customerIdResolver() {
		return (request) -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
			.filter(Authentication::isAuthenticated)
			.map((authentication) -> CUSTOMERS.get(authentication.getName()));
	}

}
