package dev.upsell.autoconfigure;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import dev.upsell.offer.OfferService;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.retention.RetentionService;
import dev.upsell.web.CustomerIdResolver;
import dev.upsell.web.RequestBodyLimitFilter;
import dev.upsell.bump.OrderBumps;
import dev.upsell.trigger.TriggeredOffers;
import dev.upsell.web.internal.OrderBumpController;
import dev.upsell.web.internal.MomentController;
import dev.upsell.web.internal.OfferController;
import dev.upsell.web.internal.PlanChangeController;
import dev.upsell.web.internal.RetentionController;
import dev.upsell.web.internal.TomcatRejectedPathValve;
import dev.upsell.web.internal.UpsellErrorResponseFilter;
import dev.upsell.web.internal.UpsellMvcProblemAdvice;
import dev.upsell.web.internal.UpsellProblemHandler;

/**
 * Auto-configures the offer and plan change endpoints under {@code /upsell} when the host provides a
 * {@link CustomerIdResolver} (so they always act for the signed-in customer) and
 * {@code dodo.upsell.web.enabled} is not false. The host's container and security chain are left alone unless
 * {@code dodo.upsell.web.container-problems} asks for problem details from them too.
 */
@AutoConfiguration(after = { OfferAutoConfiguration.class, PlanChangeAutoConfiguration.class,
		RetentionAutoConfiguration.class,
		TriggeredOfferAutoConfiguration.class, OrderBumpAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ CustomerIdResolver.class, OfferService.class })
@ConditionalOnProperty(name = "dodo.upsell.web.enabled", matchIfMissing = true)
public final class OfferWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OrderBumps.class)
	OrderBumpController orderBumpController(OrderBumps bumps, CustomerIdResolver customers) {
		return new OrderBumpController(bumps, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TriggeredOffers.class)
	MomentController momentController(TriggeredOffers triggered, CustomerIdResolver customers) {
		return new MomentController(triggered, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	OfferController offerController(OfferService offers, CustomerIdResolver customers) {
		return new OfferController(offers, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetentionService.class)
	RetentionController retentionController(RetentionService retention, CustomerIdResolver customers) {
		return new RetentionController(retention, customers);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PlanChangeService.class)
	PlanChangeController planChangeController(PlanChangeService plans, CustomerIdResolver customers,
			UpsellProperties properties) {
		return new PlanChangeController(plans, customers, PlanChangePolicies.customerChoices(properties.planChange()));
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> upsellRequestBodyLimitFilter(UpsellProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.web().maxBodySize().toBytes()));
		registration.addUrlPatterns("/upsell/*");
		return registration;
	}

	@Bean
	@ConditionalOnBooleanProperty("dodo.upsell.web.container-problems")
	FilterRegistrationBean<UpsellErrorResponseFilter> upsellErrorResponseFilter() {
		FilterRegistrationBean<UpsellErrorResponseFilter> registration = new FilterRegistrationBean<>(
				new UpsellErrorResponseFilter());
		registration.addUrlPatterns("/upsell/*");
		registration.setOrder(UpsellErrorResponseFilter.ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	UpsellMvcProblemAdvice upsellMvcProblemAdvice() {
		return new UpsellMvcProblemAdvice();
	}

	@Bean
	@ConditionalOnMissingBean
	UpsellProblemHandler upsellProblemHandler() {
		return new UpsellProblemHandler();
	}

	/** Tomcat's own refusals of undecodable paths under {@code /upsell/}, as problem details, when asked for. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatContextCustomizer.class })
	@ConditionalOnBooleanProperty("dodo.upsell.web.container-problems")
	static class TomcatRejectedPaths {

		@Bean
		TomcatContextCustomizer upsellRejectedPathProblems() {
			return (context) -> context.getParent()
				.getParent()
				.getPipeline()
				.addValve(new TomcatRejectedPathValve(context.getPath()));
		}

	}

}
