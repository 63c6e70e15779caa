package dev.upsell.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutPreview;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CheckoutSessionStatus;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.Dispute;
import dev.upsell.dodo.FeatureFlags;
import dev.upsell.dodo.OneTimePaymentRequest;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentCreated;
import dev.upsell.dodo.PaymentCustomer;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.Refund;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;
import dev.upsell.metrics.ExperimentReadout;
import dev.upsell.metrics.internal.RetentionReadout;
import dev.upsell.metrics.internal.UpsellFunnel;
import dev.upsell.offer.DeliveryFailed;
import dev.upsell.offer.OfferChanged;
import dev.upsell.offer.OfferConverted;
import dev.upsell.offer.OfferFailed;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.OfferRefunded;
import dev.upsell.offer.OrphanPaymentFound;
import dev.upsell.offer.PaymentRefunded;
import dev.upsell.plan.PlanChangeExecuted;
import dev.upsell.plan.ScheduledPlanChangeCancelled;
import dev.upsell.retention.RetentionFlowChanged;
import dev.upsell.web.OfferView;
import dev.upsell.web.internal.AcceptBody;
import dev.upsell.web.internal.AcceptResponse;
import dev.upsell.web.internal.BumpBodies;
import dev.upsell.web.internal.DeclineResponse;
import dev.upsell.web.internal.MomentController;
import dev.upsell.web.internal.PlanChangeBody;
import dev.upsell.web.internal.PlanChangeResponse;
import dev.upsell.web.internal.QuoteView;
import dev.upsell.web.internal.RetentionBodies;
import dev.upsell.web.internal.RetentionFlowView;
import dev.upsell.web.internal.ScheduledChangeBody;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.WebhookAnswered;

/**
 * What the starter reaches by reflection or as resources, for hosts built with Spring AOT or as native images:
 * the Dodo records its JSON binding creates by reflection (requests written, answers and webhook payloads read),
 * the HTTP bodies of its endpoints (some returned as {@code ResponseEntity<?>}, which Spring's own controller hints
 * cannot see through), the actuator readout, the events hosts listen to (for SpEL listener conditions), the schema scripts of the JDBC store and the configuration metadata
 * the unknown-settings check reads at start-up. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
public class UpsellRuntimeHints implements RuntimeHintsRegistrar {

	/** The Dodo records bound to and from JSON. */
	static final List<Class<?>> DODO_TYPES = List.of(BillingAddress.class, CartItem.class, CheckoutPreview.class,
			CheckoutSession.class, CheckoutSessionRequest.class, CheckoutSessionStatus.class, CustomerRef.class,
			Dispute.class, FeatureFlags.class, OneTimePaymentRequest.class, Payment.class, PaymentCreated.class,
			PaymentCustomer.class, PaymentMethod.class, PlanChangePreview.class, PlanChangeRequest.class,
			PlanChangeResult.class, Product.class, Refund.class, Subscription.class, SubscriptionUpdate.class,
			Discount.class, DiscountRequest.class);

	/** The list envelopes {@code RestDodoClient} reads ({@code {"items": [...]}}), private to it. */
	static final List<String> DODO_ENVELOPES = List.of("dev.upsell.restclient.RestDodoClient$ItemsOfPaymentMethods",
			"dev.upsell.restclient.RestDodoClient$ItemsOfPayments");

	/** The bodies of the starter's endpoints and of its actuator readout. */
	static final List<Class<?>> WEB_TYPES = List.of(AcceptBody.class, AcceptResponse.class, DeclineResponse.class,
			OfferView.class, PlanChangeBody.class, PlanChangeResponse.class, QuoteView.class,
			ExperimentReadout.Readout.class, UpsellFunnel.Stage.class, RetentionBodies.Start.class,
			RetentionBodies.Reason.class, RetentionBodies.Accept.class, RetentionFlowView.class,
			RetentionFlowView.OfferView.class, ScheduledChangeBody.class, ScheduledChangeBody.Cancelled.class,
			RetentionReadout.Readout.class, OfferView.CompareAt.class, QuoteView.DiscountView.class,
			MomentController.MomentBody.class, BumpBodies.Offer.class, BumpBodies.Checkout.class,
			BumpBodies.Session.class);

	/**
	 * The events a host listens to: their accessors are read by reflection when a listener's SpEL condition names
	 * them ({@code @EventListener(condition = "#event.offer().kind() ...")}).
	 */
	static final List<Class<?>> EVENT_TYPES = List.of(OfferChanged.class, OfferConverted.class, OfferFailed.class,
			OfferRefunded.class, OfferHeldOut.class, PaymentRefunded.class, OrphanPaymentFound.class,
			DeliveryFailed.class, PlanChangeExecuted.class, WebhookAnswered.class, DodoEvent.PaymentSucceeded.class,
			DodoEvent.PaymentFailed.class, DodoEvent.PaymentProcessing.class, DodoEvent.PaymentCancelled.class,
			DodoEvent.SubscriptionActive.class, DodoEvent.SubscriptionPlanChanged.class,
			DodoEvent.SubscriptionRenewed.class, DodoEvent.SubscriptionOnHold.class,
			DodoEvent.SubscriptionCancelled.class, DodoEvent.RefundSucceeded.class, DodoEvent.DisputeLost.class,
			DodoEvent.DisputeAccepted.class, DodoEvent.UnknownDodoEvent.class, RetentionFlowChanged.class,
			ScheduledPlanChangeCancelled.class);

	/** The JDBC store's schema scripts, read from the classpath. */
	static final String SCHEMA_SCRIPTS = "dev/upsell/store/schema-*.sql";

	/** The configuration metadata {@code UnknownSettingsCheck} reads the known keys from, at start-up. */
	static final String CONFIGURATION_METADATA = "META-INF/spring-configuration-metadata.json";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		binding.registerReflectionHints(hints.reflection(), DODO_TYPES.toArray(Class<?>[]::new));
		binding.registerReflectionHints(hints.reflection(), WEB_TYPES.toArray(Class<?>[]::new));
		for (String envelope : DODO_ENVELOPES) {
			hints.reflection()
				.registerType(TypeReference.of(envelope), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		for (Class<?> event : EVENT_TYPES) {
			hints.reflection().registerType(event, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.resources().registerPattern(SCHEMA_SCRIPTS);
		hints.resources().registerPattern(CONFIGURATION_METADATA);
	}

}
