package dev.upsell.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.OfferRules;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.OnPaymentFailure;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.offer.FulfilmentRelay;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferSettings;
import dev.upsell.restclient.DodoClientSettings;
import dev.upsell.store.SchemaInitializationMode;

/**
 * Configuration of dodo-upsell, under {@code dodo.upsell}.
 *
 * @param api how to reach the Dodo Payments API
 * @param webhook the webhook endpoint
 * @param offers post-purchase offers
 * @param reconciliation settling accepted offers whose outcome never arrived
 * @param web the optional offer endpoints
 * @param metrics conversion metrics
 * @param planChange subscription plan changes
 * @param store where offers and handled webhook ids are kept
 * @param fulfilment delivery of conversions, failures and refunds to the host's listeners
 */
@ConfigurationProperties("dodo.upsell")
public record UpsellProperties(@DefaultValue Api api, @DefaultValue Webhook webhook, @DefaultValue Offers offers,
		@DefaultValue Reconciliation reconciliation, @DefaultValue Web web, @DefaultValue Metrics metrics,
		@DefaultValue PlanChange planChange, @DefaultValue Store store, @DefaultValue Fulfilment fulfilment) {

	/**
	 * Delivery of what the host must act on (OfferConverted, OfferFailed, OfferRefunded) to its listeners: once
	 * right after the change, then again until a listener returns without an exception.
	 *
	 * @param firstBackoff Wait after the first failed delivery, doubled after each.
	 * @param maxBackoff Longest wait between two attempts.
	 * @param maxAttempts Attempts before a delivery is given up: it is then listed as stuck on the upsell actuator
	 * endpoint and counted in upsell.fulfilment.deliveries{state=gave_up} until a person handles it.
	 * @param lease How long one instance's claim on a delivery keeps the others off it (JDBC store).
	 */
	public record Fulfilment(@DefaultValue("10s") Duration firstBackoff, @DefaultValue("1h") Duration maxBackoff,
			@DefaultValue("30") int maxAttempts, @DefaultValue("1m") Duration lease) {

		/** The relay's settings. */
		public FulfilmentRelay.Settings settings() {
			return new FulfilmentRelay.Settings(this.firstBackoff, this.maxBackoff, this.maxAttempts, this.lease);
		}

	}

	/**
	 * How to reach the Dodo Payments API.
	 *
	 * @param key Dodo API key (bearer token). Defaults to the DODO_PAYMENTS_API_KEY environment variable.
	 * Required unless base-url points at a simulator or proxy.
	 * @param environment Which Dodo environment to use when no base-url is set: test-mode or live-mode.
	 * @param baseUrl API root URL; overrides environment (a simulator or a proxy).
	 * @param connectTimeout TCP connect timeout for Dodo calls.
	 * @param readTimeout How long to wait for Dodo's response. A money-moving call that times out is not
	 * retried; its outcome is settled by webhook or reconciliation.
	 * @param retry Retry of read-only calls (GET). Calls that can move money are never retried.
	 * @param sslBundle SSL bundle for calls to Dodo (a proxy with its own CA, client certificates). Default: the
	 * bundle of spring.http.clients.ssl.bundle, if any.
	 */
	public record Api(@Nullable String key, @DefaultValue("test-mode") DodoEnvironment environment,
			@Nullable URI baseUrl, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("20s") Duration readTimeout, @DefaultValue Retry retry, @Nullable String sslBundle) {

		/**
		 * The client settings for a connection.
		 * @param connection where Dodo is and its key
		 * @return the settings
		 */
		public DodoClientSettings clientSettings(DodoConnectionDetails connection) {
			return new DodoClientSettings(connection.baseUrl(), connection.apiKey(), this.connectTimeout,
					this.readTimeout, new DodoClientSettings.ReadRetry(this.retry.maxAttempts, this.retry.initialBackoff,
							this.retry.maxBackoff));
		}

		/** Keeps the API key out of logs. */
		@Override
		public String toString() {
			return "Api[key=" + ((this.key == null || this.key.isBlank()) ? "<none>" : "******") + ", environment="
					+ this.environment + ", baseUrl=" + this.baseUrl + ", connectTimeout=" + this.connectTimeout
					+ ", readTimeout=" + this.readTimeout + ", retry=" + this.retry + ", sslBundle=" + this.sslBundle + "]";
		}

	}

	/**
	 * Retry of read-only Dodo calls on connection errors, 408, 429 and 5xx, and of any call Dodo refused with 429 (its
	 * rate limit refuses before doing anything; a charge is never sent again after anything else).
	 *
	 * @param maxAttempts Attempts in all, including the first (1 disables retries).
	 * @param initialBackoff Wait before the first retry; doubles with each further retry.
	 * @param maxBackoff Longest wait between attempts. A Retry-After from Dodo longer than this ends the
	 * retries at once instead of blocking the caller.
	 */
	public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("2s") Duration maxBackoff) {
	}

	/**
	 * The webhook endpoint.
	 *
	 * @param enabled Whether to register the webhook endpoint (servlet web applications only).
	 * @param path Path of the webhook endpoint.
	 * @param secret Webhook signing secret (whsec_...). Defaults to the DODO_PAYMENTS_WEBHOOK_SECRET (or
	 * DODO_PAYMENTS_WEBHOOK_KEY) environment variable. Required while the endpoint is enabled.
	 * @param previousSecret The previous secret during a rotation (Dodo keeps it valid for 24 hours); deliveries
	 * signed with either verify.
	 * @param tolerance Accepted difference between the webhook timestamp and this server's clock, in both
	 * directions.
	 * @param maxBodySize Largest body accepted; larger deliveries get 413.
	 * @param dedupeRetention How long handled webhook ids are remembered, so a redelivered or replayed event
	 * is handled once. Longer than Dodo retries a delivery (about 27.5 hours), so a late redelivery of a refund
	 * can never count twice; at least twice the tolerance.
	 */
	public record Webhook(@DefaultValue("true") boolean enabled, @DefaultValue("/webhooks/dodo") String path,
			@Nullable String secret, @Nullable String previousSecret, @DefaultValue("5m") Duration tolerance,
			@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("30h") Duration dedupeRetention) {

		/**
		 * The secrets, current first; empty when none is set ({@code RequiredDodoSettings} reports that).
		 * @param current the current secret when the connection knows it (a simulator), else {@code null} for
		 * {@link #secret()}
		 * @return the secrets
		 */
		public List<String> secrets(@Nullable String current) {
			List<String> secrets = new ArrayList<>();
			String secret = (current != null) ? current : this.secret;
			if (secret != null && !secret.isBlank()) {
				secrets.add(secret.trim());
			}
			if (this.previousSecret != null && !this.previousSecret.isBlank()) {
				secrets.add(this.previousSecret.trim());
			}
			return secrets;
		}

		/** Keeps the secrets out of logs. */
		@Override
		public String toString() {
			return "Webhook[enabled=" + this.enabled + ", path=" + this.path + ", secret="
					+ ((this.secret == null || this.secret.isBlank()) ? "<none>" : "******") + ", previousSecret="
					+ ((this.previousSecret == null || this.previousSecret.isBlank()) ? "<none>" : "******")
					+ ", tolerance=" + this.tolerance + ", maxBodySize=" + this.maxBodySize + "]";
		}

	}

	/**
	 * Post-purchase offers.
	 *
	 * @param ttl How long a presented offer can be accepted.
	 * @param returnUrl Where Dodo sends the customer after a one-click charge or a fallback checkout.
	 * @param declineSuppression How long an offer the customer declined is not presented to them again.
	 * @param acceptWait How long a second, concurrent accept of the same offer (a double click, another
	 * instance) waits for the first one's outcome.
	 * @param redirectTtl How long an offer redirected to a normal checkout link stays open for a late payment
	 * (Dodo's checkout sessions live 24 hours).
	 * @param retention How long settled offers are kept before housekeeping deletes them.
	 * @param paymentRetention How long the compact record of a payment that converted an offer is kept after it,
	 * so a late refund still counts (once, by refund id) and a replayed payment.succeeded is recognised: as long as
	 * refunds can come. Dodo does not document its refund window; at least 180 days.
	 * @param billingCountry Billing country for one-time payments when the card does not name one.
	 * @param cardCurrencyFromIssuingCountry Whether to guess a card's currency from its issuing country and send
	 * customers whose card is from another currency's country to a checkout link instead of charging it. Off by
	 * default: Dodo validates a payment method against the payment's currency itself, and a charge it refuses
	 * falls back to the checkout link anyway.
	 * @param skipOwned Whether to skip an offer for a product the customer already bought through an offer, or
	 * owns per the host's {@code OwnedProducts} bean.
	 * @param checkProducts Whether to check, once the application is ready and Dodo answers, that Dodo knows every
	 * product a rule or funnel names; an unknown one is logged as an error naming its key (its offers are skipped).
	 * @param pricePreview Whether an offer whose purchase's billing address is known is priced by Dodo's checkout
	 * preview (localized price, currency, tax and discounts for that buyer) and shown at that figure; accepting
	 * previews again and charges only while the figure holds (else 409 {@code PRICE_CHANGED} with the new one).
	 * @param rules Which offer follows which purchase (each a one-step funnel with its downsell).
	 * @param funnels Funnels: steps shown one at a time, with caps, conditions and experiments.
	 */
	public record Offers(@DefaultValue("30m") Duration ttl, @Nullable String returnUrl,
			@DefaultValue("7d") Duration declineSuppression, @DefaultValue("30s") Duration acceptWait,
			@DefaultValue("24h") Duration redirectTtl, @DefaultValue("7d") Duration retention,
			@DefaultValue("180d") Duration paymentRetention, @DefaultValue("US") String billingCountry, @DefaultValue("false") boolean cardCurrencyFromIssuingCountry,
			@DefaultValue("true") boolean skipOwned, @DefaultValue("true") boolean checkProducts,
			@DefaultValue("true") boolean pricePreview, @DefaultValue List<Rule> rules,
			@DefaultValue List<FunnelProperties> funnels) {

		/** The settings of the offer service. */
		public OfferSettings settings() {
			return new OfferSettings(this.ttl, this.declineSuppression, this.acceptWait, this.redirectTtl,
					this.retention, this.skipOwned);
		}

		/**
		 * The rules, validated.
		 * @return the rules
		 * @throws InvalidConfigurationPropertyValueException naming the first invalid rule
		 */
		public ConfiguredOfferRules configuredRules() {
			try {
				return new ConfiguredOfferRules(this.rules.stream().map(Rule::toRule).toList());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("dodo.upsell.offers.rules", "<see message>",
						ex.getMessage());
			}
		}

		/**
		 * The configured funnels and rules, validated.
		 * @param rules the rules (this configuration's, or the host's own bean)
		 * @return the funnels
		 * @throws InvalidConfigurationPropertyValueException naming the first invalid funnel
		 */
		public ConfiguredFunnels configuredFunnels(OfferRules rules) {
			try {
				return new ConfiguredFunnels(rules, this.funnels.stream().map(FunnelProperties::toFunnel).toList());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("dodo.upsell.offers.funnels", "<see message>",
						ex.getMessage());
			}
		}

	}

	/**
	 * One offer rule.
	 *
	 * @param id Stable id of the rule; used in payment metadata and as the 'offer' metric tag.
	 * @param triggerProduct Dodo product whose purchase triggers the offer.
	 * @param offerProduct Dodo product offered.
	 * @param kind upsell or cross-sell.
	 * @param quantity How many of the offer product are sold.
	 * @param downsellProduct Dodo product offered instead when the customer declines.
	 * @param chargeWith How acceptance charges the saved card: checkout-session (a confirmed checkout session) or
	 * one-time-payment.
	 */
	public record Rule(@Nullable String id, @Nullable String triggerProduct, @Nullable String offerProduct,
			@DefaultValue("upsell") RuleKind kind, @DefaultValue("1") int quantity, @Nullable String downsellProduct,
			@DefaultValue("checkout-session") ChargeMethod chargeWith) {

		OfferRule toRule() {
			return new OfferRule(this.id, this.triggerProduct, this.offerProduct, this.kind.offerKind(), this.quantity,
					this.downsellProduct, this.chargeWith);
		}

	}

	/**
	 * What a configured rule sells: only these two (a downsell follows from {@code downsell-product}, plan
	 * changes from {@code PlanOffers}), so a mistake's error lists only what a rule accepts.
	 */
	public enum RuleKind {

		/** A better or bigger version of what was bought. */
		UPSELL(OfferKind.UPSELL),

		/** Something that goes with what was bought. */
		CROSS_SELL(OfferKind.CROSS_SELL);

		private final OfferKind offerKind;

		RuleKind(OfferKind offerKind) {
			this.offerKind = offerKind;
		}

		/** The offer kind of the rule's offers. */
		public OfferKind offerKind() {
			return this.offerKind;
		}

	}

	/**
	 * Settling offers whose charge outcome never arrived (lost response, missed webhook) by asking Dodo. Reads
	 * only; never charges.
	 *
	 * @param enabled Whether to run reconciliation (housekeeping of expired offers runs regardless).
	 * @param interval Delay between runs of offer housekeeping and reconciliation.
	 * @param after How long an offer stays accepted without an outcome before Dodo is asked.
	 * @param giveUpAfter The horizon: how long after acceptance an offer with no payment found at Dodo, or whose
	 * payment never finished (3-D Secure left open), is marked failed (with NO_PAYMENT_FOUND or the payment's status).
	 * @param shutdownWait How long shutdown waits for a run under way (runs are never interrupted).
	 * @param lease How long one instance's claim on an offer keeps the other instances from looking it up too
	 * (JDBC store). Shorter than the interval, longer than one run takes.
	 * @param maxInterval The longest wait between two looks at one offer: an offer without an outcome is looked
	 * at again after a quarter of its age, from after up to this (a scheduled plan change after its billing date).
	 * @param maxCallsPerRun Dodo calls one run may make; the offers beyond wait for the next run. Dodo's 429 pauses
	 * reconciliation for its Retry-After.
	 */
	public record Reconciliation(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration interval,
			@DefaultValue("2m") Duration after, @DefaultValue("24h") Duration giveUpAfter,
			@DefaultValue("30s") Duration shutdownWait, @DefaultValue("30s") Duration lease,
			@DefaultValue("1h") Duration maxInterval, @DefaultValue("120") int maxCallsPerRun) {

		/**
		 * The reconciler's timings.
		 * @return the timings
		 */
		public OfferReconciler.Timings timings() {
			return new OfferReconciler.Timings(this.after, this.giveUpAfter, this.lease, this.maxInterval,
					this.maxCallsPerRun);
		}

	}

	/**
	 * The optional offer endpoints under /upsell, and problem details for the host's own controllers.
	 *
	 * @param enabled Whether to register the offer endpoints; they also need a CustomerIdResolver bean.
	 * @param hostControllerProblems Whether the starter's exceptions thrown from the host's own controllers
	 * (unknown offer, offer gone, already accepted, plan change refused) answer as RFC 9457 problem details with
	 * their documented statuses (404, 410, 409, ...). The host's own exception handlers take precedence.
	 * @param maxBodySize Largest request body the /upsell endpoints read; larger ones get 413.
	 * @param containerProblems Whether the refusals made before Spring MVC under /upsell (Spring Security's 401 and
	 * 403, its firewall's 400, and on Tomcat a path it cannot decode) also answer as problem details: a servlet
	 * filter ordered ahead of Spring Security's chain and a Tomcat valve. Off by default, so the starter leaves the
	 * host's container and security chain alone.
	 */
	public record Web(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean hostControllerProblems,
			@DefaultValue("16KB") DataSize maxBodySize, @DefaultValue("false") boolean containerProblems) {
	}

	/**
	 * Conversion metrics.
	 *
	 * @param enabled Whether to record dodo-upsell's meters (upsell.offers, upsell.offers.revenue,
	 * upsell.plan.changes, upsell.webhooks) when a MeterRegistry exists.
	 */
	public record Metrics(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Subscription plan changes.
	 *
	 * @param prorationMode Default proration mode of every direction that names none: difference-immediately,
	 * prorated-immediately, full-immediately or do-not-bill.
	 * @param quoteTtl How long a preview's quote id can be passed to a change, which then goes ahead only at the
	 * quoted figures. Enforced by the server: the expiry is signed into the id.
	 * @param quoteSecret Secret that signs quote ids (HMAC-SHA256), the same on every instance. Default: derived
	 * from the webhook secret, else from the API key; with neither, a random key valid on this instance only.
	 * @param upgrade Billing terms of a change to a plan that costs more per period.
	 * @param downgrade Billing terms of a change to a plan that costs less per period.
	 * @param samePrice Billing terms of a change between plans of the same price.
	 * @param customerMayChoose Billing options a customer may send to the /upsell plan change endpoints. None by
	 * default: the terms above decide, and a field a customer sends is refused with 400.
	 * @param collectViaPaymentLink Whether a change's payment that needs the customer (3-D Secure, no usable card)
	 * is collected through a Dodo payment link (collect_via_payment_link; the business needs the capability).
	 * Default: the answer carries the client_secret for Dodo's checkout SDK instead.
	 */
	public record PlanChange(@DefaultValue("difference-immediately") ProrationMode prorationMode,
			@DefaultValue("10m") Duration quoteTtl, @Nullable String quoteSecret, @DefaultValue Terms upgrade,
			@DefaultValue Terms downgrade, @DefaultValue Terms samePrice,
			@DefaultValue CustomerMayChoose customerMayChoose, @DefaultValue("false") boolean collectViaPaymentLink) {

		/** Keeps the secret out of logs. */
		@Override
		public String toString() {
			return "PlanChange[prorationMode=" + this.prorationMode + ", quoteTtl=" + this.quoteTtl + ", quoteSecret="
					+ ((this.quoteSecret == null || this.quoteSecret.isBlank()) ? "<none>" : "******") + ", upgrade="
					+ this.upgrade + ", downgrade=" + this.downgrade + ", samePrice=" + this.samePrice
					+ ", customerMayChoose=" + this.customerMayChoose + ", collectViaPaymentLink="
					+ this.collectViaPaymentLink + "]";
		}

	}

	/**
	 * How one direction of plan change is billed.
	 *
	 * @param prorationMode Proration mode. Default: plan-change.proration-mode.
	 * @param effectiveAt immediately, or next-billing-date (Dodo accepts it only with full-immediately).
	 * @param onPaymentFailure prevent-change (a declined charge keeps the old plan) or apply-change (the plan
	 * changes and Dodo puts the subscription on hold).
	 */
	public record Terms(@Nullable ProrationMode prorationMode, @DefaultValue("immediately") EffectiveAt effectiveAt,
			@DefaultValue("prevent-change") OnPaymentFailure onPaymentFailure) {
	}

	/**
	 * Billing options a customer may choose over HTTP. Each lists the values allowed; empty (the default) allows
	 * none. Listing do-not-bill or apply-change lets any signed-in customer change plans without paying: think
	 * twice.
	 *
	 * @param prorationModes proration_mode values a customer may send.
	 * @param effectiveAt effective_at values a customer may send.
	 * @param onPaymentFailure on_payment_failure values a customer may send.
	 */
	public record CustomerMayChoose(@DefaultValue List<ProrationMode> prorationModes,
			@DefaultValue List<EffectiveAt> effectiveAt, @DefaultValue List<OnPaymentFailure> onPaymentFailure) {
	}

	/**
	 * Where offers and handled webhook ids are kept.
	 *
	 * @param type memory (this JVM only) or jdbc (shared by every instance). Default: jdbc when the application
	 * has a DataSource, memory otherwise.
	 * @param initializeSchema When to create the tables: embedded (only for embedded databases), always, or never
	 * (apply classpath:dev/upsell/store/schema-*.sql with Flyway or Liquibase).
	 * @param tablePrefix Prefix of the table names.
	 * @param schema Location of the schema script. Default:
	 * classpath:dev/upsell/store/schema-@@platform@@.sql (PostgreSQL and H2 ship).
	 * @param platform Platform in the schema location's @@platform@@. Default: detected from the DataSource.
	 */
	public record Store(@Nullable StoreType type,
			@DefaultValue("embedded") SchemaInitializationMode initializeSchema,
			@DefaultValue("upsell_") String tablePrefix, @Nullable String schema, @Nullable String platform) {
	}

	/** The kinds of store. */
	public enum StoreType {

		/** In this JVM: one instance only; lost on restart. */
		MEMORY,

		/** A database table shared by every instance. */
		JDBC

	}

	/** The Dodo environments. */
	public enum DodoEnvironment {

		/** {@code https://test.dodopayments.com}: no real money moves. The default. */
		TEST_MODE("https://test.dodopayments.com"),

		/** {@code https://live.dodopayments.com}: real money. */
		LIVE_MODE("https://live.dodopayments.com");

		private final URI baseUrl;

		DodoEnvironment(String baseUrl) {
			this.baseUrl = URI.create(baseUrl);
		}

		/** The API root of this environment. */
		public URI baseUrl() {
			return this.baseUrl;
		}

	}

}
