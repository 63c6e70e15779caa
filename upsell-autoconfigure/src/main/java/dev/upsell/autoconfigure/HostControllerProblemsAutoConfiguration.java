package dev.upsell.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.servlet.DispatcherServlet;

import dev.upsell.offer.OfferService;
import dev.upsell.web.HostControllerProblemAdvice;
import dev.upsell.web.ReactiveHostProblemHandler;

/**
 * Auto-configures {@link HostControllerProblemAdvice} in servlet web applications and
 * {@link ReactiveHostProblemHandler} in WebFlux ones, so the host's own controllers and handlers
 * that call {@code accept}, {@code decline} or a plan change answer the starter's exceptions as problem details
 * (with or without the {@code /upsell} endpoints). Off with {@code dodo.upsell.web.host-controller-problems=false}.
 */
@AutoConfiguration(after = { OfferAutoConfiguration.class, PlanChangeAutoConfiguration.class })
@ConditionalOnBean(OfferService.class)
@ConditionalOnProperty(name = "dodo.upsell.web.host-controller-problems", matchIfMissing = true)
public final class HostControllerProblemsAutoConfiguration {

	/** Spring MVC hosts: a controller advice of the lowest precedence. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		HostControllerProblemAdvice hostControllerProblemAdvice() {
			return new HostControllerProblemAdvice();
		}

	}

	/** WebFlux hosts: a web exception handler before Boot's, for annotated and functional handlers alike. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebExceptionHandler.class)
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean
		ReactiveHostProblemHandler reactiveHostProblemHandler(ServerCodecConfigurer codecs) {
			return new ReactiveHostProblemHandler(codecs);
		}

	}

}
