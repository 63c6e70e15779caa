package dev.upsell.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import dev.upsell.offer.OfferService;
import dev.upsell.web.HostControllerProblemAdvice;

/**
 * Auto-configures {@link HostControllerProblemAdvice} in servlet web applications, so the host's own controllers
 * that call {@code accept}, {@code decline} or a plan change answer the starter's exceptions as problem details
 * (with or without the {@code /upsell} endpoints). Off with {@code dodo.upsell.web.host-controller-problems=false}.
 */
@AutoConfiguration(after = { OfferAutoConfiguration.class, PlanChangeAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(OfferService.class)
@ConditionalOnProperty(name = "dodo.upsell.web.host-controller-problems", matchIfMissing = true)
public final class HostControllerProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HostControllerProblemAdvice hostControllerProblemAdvice() {
		return new HostControllerProblemAdvice();
	}

}
