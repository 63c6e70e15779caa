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
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import dev.upsell.web.CustomerIdResolver;

/**
 * Demo security, written to be copied: four customers and a shop owner ({@code admin/admin}), and the
 * {@link CustomerIdResolver} that ties offers to the signed-in user — the one place a host decides which Dodo
 * customer a request acts for.
 * <ul>
 * <li>The webhook endpoint is open (its signature is its authentication) and exempt from CSRF.</li>
 * <li>Health is open for load balancers. Everything else under {@code /actuator} is merchant data (the
 * {@code upsell} funnel, revenue in {@code prometheus}) and needs the {@code ADMIN} role; a Prometheus server
 * scrapes with basic auth (or move the actuator to its own {@code management.server.port}).</li>
 * <li>Pages are served with a Content-Security-Policy (own scripts, styles and images only), a same-origin
 * Referrer-Policy (no URL of the shop leaks to Dodo's checkout) and, in {@code application.yml}, an HttpOnly
 * {@code SameSite=Lax} session cookie: Lax, not Strict, so a customer coming back from Dodo's checkout or
 * their bank's 3-D Secure page is still signed in.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Demo user name → Dodo customer id (simulator demo data). */
	static final Map<String, String> CUSTOMERS = Map.of("alice", "cus_alice", "bob", "cus_bob", "nora", "cus_nocard", "sam",
			"cus_sca");

	/** What pages may load: only this app's own scripts, styles and images; no frames, no plugins. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/webhooks/dodo", "/actuator/health", "/actuator/health/**", "/login", "/error")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/webhooks/dodo"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.formLogin((form) -> form.defaultSuccessUrl("/", true))
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(customer("alice"), customer("bob"), customer("nora"), customer("sam"),
				User.withUsername("admin").password("{noop}admin").roles("ADMIN").build());
	}

	@Bean
	CustomerIdResolver customerIdResolver() {
		return (request) -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
			.filter(Authentication::isAuthenticated)
			.map((authentication) -> CUSTOMERS.get(authentication.getName()));
	}

	private static UserDetails customer(String name) {
		return User.withUsername(name).password("{noop}" + name).roles("CUSTOMER").build();
	}

}
