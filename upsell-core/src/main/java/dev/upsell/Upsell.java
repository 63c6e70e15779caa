package dev.upsell;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.upsell.bump.OrderBump;
import dev.upsell.bump.OrderBumps;
import dev.upsell.catalog.ConfiguredOfferRules;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.OfferRules;
import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.funnel.ConfiguredFunnels;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.Funnels;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.offer.FulfilmentOutbox;
import dev.upsell.offer.FulfilmentRelay;
import dev.upsell.offer.InMemoryFulfilmentOutbox;
import dev.upsell.offer.ExperimentLedger;
import dev.upsell.offer.InMemoryExperimentLedger;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.InMemorySettledPayments;
import dev.upsell.offer.OfferHousekeeping;
import dev.upsell.offer.OfferReconciler;
import dev.upsell.offer.OfferRepository;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.OfferSettings;
import dev.upsell.offer.OrphanPayments;
import dev.upsell.offer.OwnedProducts;
import dev.upsell.offer.SettledPayments;
import dev.upsell.offer.internal.ExperimentArms;
import dev.upsell.offer.internal.FunnelNavigator;
import dev.upsell.offer.internal.OfferAcceptance;
import dev.upsell.offer.internal.OfferCreation;
import dev.upsell.offer.internal.OfferEligibility;
import dev.upsell.offer.internal.OfferPricing;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransitions;
import dev.upsell.offer.internal.OneClickCheckout;
import dev.upsell.plan.PlanChangePolicy;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.plan.PlanOffers;
import dev.upsell.trigger.OfferTrigger;
import dev.upsell.trigger.TriggeredOffers;
import dev.upsell.retention.InMemoryRetentionFlowRepository;
import dev.upsell.retention.RetentionFlowRepository;
import dev.upsell.retention.RetentionService;
import dev.upsell.retention.RetentionSettings;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.DodoEventParser;
import dev.upsell.webhook.StandardWebhookVerifier;
import dev.upsell.webhook.WebhookDeduplicator;
import dev.upsell.webhook.WebhookProcessor;
import dev.upsell.webhook.internal.WebhookSettlement;

/**
 * dodo-upsell, assembled: the one place its parts are put together, used alike by the Spring Boot
 * auto-configuration, by tests and by the benchmarks. Built from a {@link DodoClient} and the ports a host may
 * replace (where offers live, which card is charged, who is targeted, where events go); everything else is
 * machinery with sane defaults. Without Spring:
 *
 * <pre>{@code
 * Upsell upsell = Upsell.builder(dodoClient)
 *     .rules(List.of(new OfferRule("coaching", "prod_course", "prod_coaching", OfferKind.UPSELL, 1, null,
 *             ChargeMethod.CHECKOUT_SESSION)))
 *     .events(myListener::onEvent)
 *     .build();
 * Optional<Offer> offer = upsell.offers().present(purchase);
 * }</pre>
 *
 * Instances are immutable and thread-safe; build one per application.
 */
public final class Upsell {

	private final OfferService offers;

	private final PlanChangeService planChanges;

	private final OfferTransitions transitions;

	private final OfferSettlement settlement;

	private final OfferHousekeeping housekeeping;

	private final OfferReconciler reconciler;

	private final OrphanPayments orphanPayments;

	private final PlanOffers planOffers;

	private final DodoClient dodo;

	private final UpsellEventPublisher events;

	private final RetentionService retention;

	private final ExperimentLedger experiments;

	private final TriggeredOffers triggeredOffers;

	private final OrderBumps orderBumps;

	private Upsell(Builder builder) {
		this.dodo = builder.dodo;
		this.events = builder.events;
		OfferSettings settings = builder.offerSettings;
		OneClickCheckout checkout = new OneClickCheckout(builder.dodo, builder.returnUrl, builder.billingCountry);
		this.transitions = new OfferTransitions(builder.repository, builder.events, builder.clock,
				builder.settledPayments, builder.fulfilmentOutbox, builder.fulfilment);
		OfferPricing pricing = new OfferPricing(builder.dodo, builder.pricePreview);
		OfferCreation creation = new OfferCreation(this.transitions, builder.dodo, settings.ttl(), pricing);
		this.settlement = new OfferSettlement(this.transitions, checkout, builder.rules, settings.acceptWait());
		OfferAcceptance acceptance = new OfferAcceptance(this.transitions, this.settlement, builder.dodo,
				builder.paymentMethods, checkout, settings.acceptWait(), pricing);
		OfferEligibility eligibility = new OfferEligibility(builder.ownedProducts, settings.skipOwned(),
				settings.declineSuppression(), builder.clock);
		Funnels funnels = (builder.funnels != null) ? builder.funnels
				: new ConfiguredFunnels(builder.rules, builder.funnelList);
		this.experiments = (builder.experimentLedger != null) ? builder.experimentLedger
				: new InMemoryExperimentLedger(offersOf(builder.repository));
		FunnelNavigator navigator = new FunnelNavigator(funnels, this.transitions, creation, eligibility,
				builder.targeting, this.experiments, builder.clock);
		this.orderBumps = new OrderBumps(builder.orderBumps, this.transitions, creation, eligibility,
				new ExperimentArms(this.experiments, builder.clock), this.settlement, builder.dodo, builder.returnUrl);
		this.offers = new OfferService(navigator, this.transitions, acceptance);
		this.housekeeping = new OfferHousekeeping(this.transitions, settings, builder.paymentRetention);
		this.reconciler = new OfferReconciler(builder.repository, this.settlement, builder.dodo, builder.clock,
				builder.reconciliation);
		this.orphanPayments = new OrphanPayments(builder.events);
		this.planOffers = new PlanOffers(this.transitions, creation, this.settlement);
		this.planChanges = new PlanChangeService(builder.dodo, builder.planChangePolicy, builder.events,
				this.planOffers, builder.clock, builder.quoteTtl,
				(builder.quoteKey != null) ? builder.quoteKey : randomQuoteKey());
		this.retention = new RetentionService(builder.dodo, builder.retentionFlows, builder.retentionSettings,
				builder.events, builder.clock, this.planChanges);
		this.triggeredOffers = new TriggeredOffers(builder.triggers, this.transitions, creation, this.planOffers,
				builder.dodo, new ExperimentArms(this.experiments, builder.clock));
	}

	/** The offers an in-memory ledger reads: the in-memory store's, or none for another store (give its ledger). */
	private static java.util.function.Supplier<List<dev.upsell.offer.Offer>> offersOf(OfferRepository repository) {
		if (repository instanceof InMemoryOfferRepository memory) {
			return memory::all;
		}
		return List::of;
	}

	/** 32 random bytes: quotes signed with them are valid on this instance, until it stops. */
	private static byte[] randomQuoteKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	/**
	 * Starts a builder.
	 * @param dodo the client of Dodo's API
	 * @return the builder, with the defaults of the starter's {@code dodo.upsell.*} properties
	 */
	public static Builder builder(DodoClient dodo) {
		return new Builder(dodo);
	}

	/** The host's facade for post-purchase offers. */
	public OfferService offers() {
		return this.offers;
	}

	/** The host's facade for subscription plan changes. */
	public PlanChangeService planChanges() {
		return this.planChanges;
	}

	/** Delivers conversions, failures and refunds to the host's listeners until they are handled. */
	public FulfilmentRelay fulfilmentRelay() {
		return this.transitions.relay();
	}

	/**
	 * What webhooks and reconciliation report to: settles offers from Dodo's word. Machinery (an {@code internal}
	 * type): for the library's own tests, which drive settlement without a webhook; hosts send webhooks.
	 */
	public OfferSettlement settlement() {
		return this.settlement;
	}

	/**
	 * The one writer of offers. Machinery (an {@code internal} type): for the library's own tests and benchmarks.
	 */
	public OfferTransitions transitions() {
		return this.transitions;
	}

	/** Expiry and purge, to run on a schedule. */
	public OfferHousekeeping housekeeping() {
		return this.housekeeping;
	}

	/** Looks up offers whose outcome Dodo never reported, to run on a schedule. */
	public OfferReconciler reconciler() {
		return this.reconciler;
	}

	/** Payments Dodo reports for offers this store does not know. */
	public OrphanPayments orphanPayments() {
		return this.orphanPayments;
	}

	/** Plan changes offered and tracked as offers. */
	public PlanOffers planOffers() {
		return this.planOffers;
	}

	/** Offers shown when the host (or a Dodo renewal) says a moment has come, with cooldowns and caps. */
	public TriggeredOffers triggeredOffers() {
		return this.triggeredOffers;
	}

	/** Items offered beside the host's own checkout, before the purchase. */
	public OrderBumps orderBumps() {
		return this.orderBumps;
	}

	/** Where experiments' assignments and results live: the readout reads it. */
	public ExperimentLedger experiments() {
		return this.experiments;
	}

	/** Retention flows: a reason, one save offer, or the cancellation at the period's end. */
	public RetentionService retention() {
		return this.retention;
	}

	/**
	 * A processor of Dodo's webhooks: verified by {@code verifier}, each {@code webhook-id} handled once by
	 * {@code deduplicator}, then settling offers and published as typed {@link DodoEvent}s.
	 * @param verifier checks signatures and timestamps
	 * @param deduplicator remembers handled ids
	 * @return the processor
	 */
	public WebhookProcessor webhookProcessor(StandardWebhookVerifier verifier, WebhookDeduplicator deduplicator) {
		List<Consumer<DodoEvent>> handlers = new ArrayList<>();
		handlers.add(new WebhookSettlement(this.settlement, this.orphanPayments, this.dodo));
		handlers.add(this.orderBumps.paymentHandler());
		handlers.add(this.triggeredOffers.renewalHandler());
		handlers.add(this.events::publish);
		return new WebhookProcessor(verifier, new DodoEventParser(), deduplicator, handlers, this.events);
	}

	/**
	 * Builds an {@link Upsell}. Every setting has the default of its {@code dodo.upsell.*} property.
	 */
	public static final class Builder {

		private final DodoClient dodo;

		private OfferRepository repository = new InMemoryOfferRepository();

		private @Nullable ExperimentLedger experimentLedger;

		private SettledPayments settledPayments = new InMemorySettledPayments();

		private FulfilmentOutbox fulfilmentOutbox = new InMemoryFulfilmentOutbox();

		private OfferRules rules = new ConfiguredOfferRules(List.of());

		private @Nullable Funnels funnels;

		private List<Funnel> funnelList = List.of();

		private OfferTargeting targeting = OfferTargeting.everyone();

		private OwnedProducts ownedProducts = OwnedProducts.none();

		private PaymentMethodSelector paymentMethods = new FirstEligiblePaymentMethod(false);

		private OfferSettings offerSettings = new OfferSettings(Duration.ofMinutes(30), Duration.ofDays(7),
				Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofDays(7), true);

		private boolean pricePreview = true;

		private @Nullable String returnUrl;

		private String billingCountry = "US";

		private Duration paymentRetention = OfferHousekeeping.DEFAULT_PAYMENT_RETENTION;

		private FulfilmentRelay.Settings fulfilment = FulfilmentRelay.Settings.defaults();

		private OfferReconciler.Timings reconciliation = new OfferReconciler.Timings(Duration.ofMinutes(2),
				Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 120);

		private PlanChangePolicy planChangePolicy = PlanChangePolicy.uniform(ProrationMode.DIFFERENCE_IMMEDIATELY);

		private Duration quoteTtl = PlanChangeService.DEFAULT_QUOTE_TTL;

		private byte @Nullable [] quoteKey;

		private UpsellEventPublisher events = UpsellEventPublisher.none();

		private RetentionFlowRepository retentionFlows = new InMemoryRetentionFlowRepository();

		private RetentionSettings retentionSettings = RetentionSettings.defaults();

		private Clock clock = Clock.systemUTC();

		private List<OfferTrigger> triggers = List.of();

		private List<OrderBump> orderBumps = List.of();

		private Builder(DodoClient dodo) {
			this.dodo = Objects.requireNonNull(dodo, "dodo");
		}

		/**
		 * Where experiments' assignments and results live (default: in memory, reading the in-memory offer store;
		 * with another store, give the ledger that reads it, e.g. the JDBC one).
		 * @param experimentLedger the ledger
		 * @return this builder
		 */
		public Builder experimentLedger(ExperimentLedger experimentLedger) {
			this.experimentLedger = experimentLedger;
			return this;
		}

		/**
		 * Where offers live (default: in memory, one instance). Share one store between instances (JDBC).
		 * @param repository the offer store
		 * @return this builder
		 */
		public Builder store(OfferRepository repository) {
			this.repository = repository;
			return this;
		}

		/**
		 * Where the payments of converted offers are recorded, so late refunds count once (default: in memory).
		 * @param settledPayments the ledger
		 * @return this builder
		 */
		public Builder settledPayments(SettledPayments settledPayments) {
			this.settledPayments = settledPayments;
			return this;
		}

		/**
		 * Where what the host must act on is recorded until delivered (default: in memory).
		 * @param fulfilmentOutbox the outbox
		 * @return this builder
		 */
		public Builder fulfilmentOutbox(FulfilmentOutbox fulfilmentOutbox) {
			this.fulfilmentOutbox = fulfilmentOutbox;
			return this;
		}

		/**
		 * Which offer follows which purchase.
		 * @param rules the rules
		 * @return this builder
		 */
		public Builder rules(OfferRules rules) {
			this.rules = rules;
			return this;
		}

		/**
		 * Which offer follows which purchase, validated.
		 * @param rules the rules
		 * @return this builder
		 * @throws IllegalArgumentException naming the first invalid rule
		 */
		public Builder rules(List<OfferRule> rules) {
			return rules(new ConfiguredOfferRules(rules));
		}

		/**
		 * The funnels (default: each rule a one-step funnel).
		 * @param funnels the funnels
		 * @return this builder
		 */
		public Builder funnels(Funnels funnels) {
			this.funnels = funnels;
			return this;
		}

		/**
		 * The funnels beside the rules, validated against them when built.
		 * @param funnels the funnels
		 * @return this builder
		 */
		public Builder funnels(List<Funnel> funnels) {
			this.funnels = null;
			this.funnelList = List.copyOf(funnels);
			return this;
		}

		/**
		 * Who sees offers (default: everyone).
		 * @param targeting the targeting
		 * @return this builder
		 */
		public Builder targeting(OfferTargeting targeting) {
			this.targeting = targeting;
			return this;
		}

		/**
		 * What customers own already, so it is not offered (default: nothing known beyond offers).
		 * @param ownedProducts the host's knowledge
		 * @return this builder
		 */
		public Builder ownedProducts(OwnedProducts ownedProducts) {
			this.ownedProducts = ownedProducts;
			return this;
		}

		/**
		 * Which saved payment method is charged (default: the most recently used eligible one).
		 * @param paymentMethods the selector
		 * @return this builder
		 */
		public Builder paymentMethods(PaymentMethodSelector paymentMethods) {
			this.paymentMethods = paymentMethods;
			return this;
		}

		/**
		 * TTLs, suppression, accept wait and retention of offers.
		 * @param offerSettings the settings
		 * @return this builder
		 */
		public Builder offerSettings(OfferSettings offerSettings) {
			this.offerSettings = offerSettings;
			return this;
		}

		/**
		 * Whether offers of a known billing address are priced by Dodo's checkout preview (default: yes).
		 * @param pricePreview whether to preview
		 * @return this builder
		 */
		public Builder pricePreview(boolean pricePreview) {
			this.pricePreview = pricePreview;
			return this;
		}

		/**
		 * Where Dodo sends the customer after a charge or a fallback checkout (default: none).
		 * @param returnUrl the URL
		 * @return this builder
		 */
		public Builder returnUrl(@Nullable String returnUrl) {
			this.returnUrl = returnUrl;
			return this;
		}

		/**
		 * The billing country of one-time payments whose card names none (default: US).
		 * @param billingCountry the ISO country code
		 * @return this builder
		 */
		public Builder billingCountry(String billingCountry) {
			this.billingCountry = billingCountry;
			return this;
		}

		/**
		 * How long the record of a payment that converted an offer is kept (default: 180 days).
		 * @param paymentRetention the retention
		 * @return this builder
		 */
		public Builder paymentRetention(Duration paymentRetention) {
			this.paymentRetention = paymentRetention;
			return this;
		}

		/**
		 * How deliveries to the host are retried (default: 10 s doubling to 1 h, 30 attempts).
		 * @param fulfilment the settings
		 * @return this builder
		 */
		public Builder fulfilment(FulfilmentRelay.Settings fulfilment) {
			this.fulfilment = fulfilment;
			return this;
		}

		/**
		 * When reconciliation looks up an offer, gives up, and how much it may call (default: 2 min, 24 h).
		 * @param reconciliation the timings
		 * @return this builder
		 */
		public Builder reconciliation(OfferReconciler.Timings reconciliation) {
			this.reconciliation = reconciliation;
			return this;
		}

		/**
		 * How plan changes are billed, per direction (default: difference immediately).
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder planChangePolicy(PlanChangePolicy policy) {
			this.planChangePolicy = policy;
			return this;
		}

		/**
		 * How long a plan change quote can be used, and the key quote ids are signed with (the same on every
		 * instance; default: a random key, valid on this instance).
		 * @param quoteTtl the lifetime
		 * @param quoteKey the key, at least 16 bytes
		 * @return this builder
		 */
		public Builder planChangeQuotes(Duration quoteTtl, byte[] quoteKey) {
			this.quoteTtl = quoteTtl;
			this.quoteKey = quoteKey.clone();
			return this;
		}

		/**
		 * Where events go (default: nowhere).
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder events(UpsellEventPublisher events) {
			this.events = events;
			return this;
		}

		/**
		 * Where retention flows live (default: in memory, one instance).
		 * @param retentionFlows the store
		 * @return this builder
		 */
		public Builder retentionFlows(RetentionFlowRepository retentionFlows) {
			this.retentionFlows = retentionFlows;
			return this;
		}

		/**
		 * The retention flows' reasons, offers and guards (default: Dodo's reasons, no offers).
		 * @param retentionSettings the settings
		 * @return this builder
		 */
		public Builder retention(RetentionSettings retentionSettings) {
			this.retentionSettings = retentionSettings;
			return this;
		}

		/**
		 * The order bumps (default: none).
		 * @param orderBumps the items offered beside checkouts
		 * @return this builder
		 */
		public Builder orderBumps(List<OrderBump> orderBumps) {
			this.orderBumps = List.copyOf(orderBumps);
			return this;
		}

		/**
		 * The triggered offers (default: none).
		 * @param triggers the offers and their moments
		 * @return this builder
		 */
		public Builder triggers(List<OfferTrigger> triggers) {
			this.triggers = List.copyOf(triggers);
			return this;
		}

		/**
		 * The time (default: the system clock in UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the parts.
		 * @return dodo-upsell, assembled
		 * @throws IllegalArgumentException when the funnels do not fit the rules
		 */
		public Upsell build() {
			return new Upsell(this);
		}

	}

}
