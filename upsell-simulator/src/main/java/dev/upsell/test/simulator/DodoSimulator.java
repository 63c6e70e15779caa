package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful local stand-in for the Dodo Payments API, on a loopback port.
 * <p>
 * It serves the endpoints dodo-upsell uses with Dodo's paths, JSON shapes and error shapes; keeps customers,
 * saved cards, products, subscriptions, payments and checkout sessions; charges cards per their
 * {@link CardBehaviour}; applies plan changes with Dodo's proration modes; and sends signed webhooks for what
 * happens. {@link #faults()} and {@link #webhooks()} inject failures.
 *
 * <pre>{@code
 * try (DodoSimulator dodo = DodoSimulator.start()) {
 *     dodo.customer("cus_1", "ann@example.com", "Ann", SimCard.working("pm_1"));
 *     // point dodo.upsell.api.base-url at dodo.baseUrl()
 * }
 * }</pre>
 * It is strict where Dodo is: a confirmed checkout session needs a billing address, list items are not full
 * payments, webhooks race the API answer ({@link WebhookTiming#mixed()}), cards may need 3-D Secure or settle
 * late, subscriptions renew on the {@link #clock() clock}. {@link #modes()} relaxes or tightens what Dodo
 * leaves to a business. Where the API reference is silent the simulator guesses; each guess is marked in the
 * source and listed in {@code docs/simulator.md}.
 */
public final class DodoSimulator implements AutoCloseable {

	/** The key {@link #apiKey()} gives when the simulator accepts any non-blank bearer token. */
	public static final String TEST_API_KEY = "sk_test_simulator";

	private final @Nullable String apiKey;

	private final SimulatorClock clock;

	private final SimulatorState state;

	private final SimulatorServer server;

	private final Faults faults = new Faults();

	private final WebhookSender webhooks;

	private final boolean demoData;

	private final URI baseUrl;

	private final SimulatorModes modes;

	private final SimulatorModes initialModes;

	private final WebhookTiming initialTiming;

	private final ScheduledExecutorService ticker;

	private DodoSimulator(Builder builder) {
		this.clock = new SimulatorClock(builder.clock);
		JsonMapper json = JsonMapper.builder().build();
		this.webhooks = new WebhookSender(this.clock, json,
				(builder.webhookSecret != null) ? builder.webhookSecret : WebhookSigner.randomSecret());
		if (builder.webhookTarget != null) {
			this.webhooks.target(builder.webhookTarget);
		}
		this.initialTiming = builder.webhookTiming;
		this.webhooks.timing(this.initialTiming);
		this.initialModes = builder.modes.copy();
		this.modes = builder.modes.copy();
		URI[] url = new URI[1];
		this.state = new SimulatorState(this.clock, this.webhooks, () -> url[0].toString(), this.modes);
		this.clock.onAdvance(this.state::tick);
		this.webhooks.onClock((after, work) -> {
			synchronized (this.state) {
				this.state.at(after, work);
			}
		});
		try {
			this.apiKey = builder.apiKey;
			this.server = new SimulatorServer(builder.port, this.state, this.faults, this.webhooks, json,
					builder.apiKey, builder.requestLogLimit);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the Dodo simulator on port " + builder.port, ex);
		}
		this.server.admin(new AdminApi(this, json));
		this.server.start();
		this.baseUrl = URI.create("http://127.0.0.1:" + this.server.port());
		url[0] = this.baseUrl;
		this.demoData = builder.demoData;
		if (this.demoData) {
			DemoData.seed(this);
		}
		this.ticker = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "dodo-simulator-clock");
			thread.setDaemon(true);
			return thread;
		});
		this.ticker.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
	}

	private void tick() {
		try {
			this.state.tick();
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(DodoSimulator.class).warn("Simulator clock work failed", ex);
		}
	}

	/**
	 * Starts a simulator on a random port with the {@link DemoData demo data} and a random webhook secret.
	 * @return the running simulator
	 */
	public static DodoSimulator start() {
		return builder().start();
	}

	/** A builder for a simulator with other settings. */
	public static Builder builder() {
		return new Builder();
	}

	/** The API root, e.g. {@code http://127.0.0.1:49152}: use it as {@code dodo.upsell.api.base-url}. */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * A key this simulator accepts: the one {@link Builder#requireApiKey} set, else {@value #TEST_API_KEY} (any
	 * non-blank bearer token is accepted then). Use it as {@code dodo.upsell.api.key}: like Dodo, the simulator
	 * answers 401 to a call without one.
	 * @return the key
	 */
	public String apiKey() {
		return (this.apiKey != null) ? this.apiKey : TEST_API_KEY;
	}

	/** The port it listens on. */
	public int port() {
		return this.server.port();
	}

	/** The webhook signing secret ({@code whsec_…}): use it as {@code dodo.upsell.webhook.secret}. */
	public String webhookSecret() {
		return this.webhooks.secret();
	}

	/** Webhook delivery: target, the events sent, delivery faults. */
	public WebhookSender webhooks() {
		return this.webhooks;
	}

	/** API fault injection. */
	public Faults faults() {
		return this.faults;
	}

	/** Strictness and timing modes; {@link #reset()} restores the ones it was built with. */
	public SimulatorModes modes() {
		return this.modes;
	}

	/** The simulator's clock; advance it to move through billing periods. */
	public SimulatorClock clock() {
		return this.clock;
	}

	// ---- fixtures -------------------------------------------------------------------------------------

	/**
	 * Adds (or replaces) a customer with saved cards.
	 * @param customerId the customer id
	 * @param email e-mail
	 * @param name name
	 * @param cards saved cards, in the order Dodo lists them
	 * @return this
	 */
	public DodoSimulator customer(String customerId, String email, String name, SimCard... cards) {
		this.state.putCustomer(customerId, email, name, List.of(cards));
		return this;
	}

	/**
	 * Saves another card for a customer.
	 * @param customerId the customer
	 * @param card the card
	 * @return this
	 */
	public DodoSimulator card(String customerId, SimCard card) {
		this.state.addCard(customerId, card);
		return this;
	}

	/**
	 * Adds (or replaces) a product.
	 * @param product the product
	 * @return this
	 */
	public DodoSimulator product(SimProduct product) {
		this.state.putProduct(product);
		return this;
	}

	/**
	 * Adds an active subscription, halfway through its billing period, renewed on the customer's first card.
	 * @param subscriptionId the subscription id
	 * @param customerId the customer
	 * @param productId a subscription product
	 * @return this
	 */
	public DodoSimulator subscription(String subscriptionId, String customerId, String productId) {
		this.state.subscriptions.put(subscriptionId, customerId, productId, 1, "active");
		return this;
	}

	/**
	 * Adds (or replaces) a subscription addon.
	 * @param addon the addon
	 * @return this
	 */
	public DodoSimulator addon(SimAddon addon) {
		this.state.putAddon(addon);
		return this;
	}

	/**
	 * Sets a subscription's addons, which renewals charge and a plan change without {@code addons} removes.
	 * @param subscriptionId the subscription
	 * @param addons addon id to quantity
	 * @return this
	 */
	public DodoSimulator subscriptionAddons(String subscriptionId, Map<String, Integer> addons) {
		this.state.subscriptions.addons(subscriptionId, addons);
		return this;
	}

	/**
	 * Sets a subscription's status, e.g. {@code on_hold} or {@code cancelled}.
	 * @param subscriptionId the subscription
	 * @param status the Dodo status
	 * @return this
	 */
	public DodoSimulator subscriptionStatus(String subscriptionId, String status) {
		this.state.subscriptions.status(subscriptionId, status);
		return this;
	}

	/**
	 * Marks a subscription as having a plan change awaiting payment: plan changes answer 409
	 * {@code PENDING_PLAN_CHANGE_EXISTS}.
	 * @param subscriptionId the subscription
	 * @return this
	 */
	public DodoSimulator pendingPlanChange(String subscriptionId) {
		this.state.subscriptions.pendingPlanChange(subscriptionId, true);
		return this;
	}

	/**
	 * The customer pays on the hosted checkout page of a session (what a fallback link leads to).
	 * @param sessionId the checkout session
	 */
	public void completeCheckout(String sessionId) {
		this.state.checkouts.complete(sessionId);
	}

	/**
	 * The customer finishes 3-D Secure for a payment that {@code requires_customer_action}: it succeeds.
	 * @param paymentId the payment
	 */
	public void authenticate(String paymentId) {
		this.state.authenticate(paymentId, true);
	}

	/**
	 * The customer cancels 3-D Secure: the payment ends {@code cancelled} ({@code payment.cancelled}).
	 * @param paymentId the payment
	 */
	public void abandonAuthentication(String paymentId) {
		this.state.authenticate(paymentId, false);
	}

	/**
	 * Refunds a succeeded payment ({@code refund.succeeded}).
	 * @param paymentId the payment
	 * @param amount minor units, or {@code null} for all that is left
	 * @return the refund id
	 */
	public String refund(String paymentId, @Nullable Long amount) {
		return this.state.refund(paymentId, amount, true);
	}

	/**
	 * Gives a product a localized price for buyers billed in a country (Dodo's localized prices): a checkout, a
	 * one-time payment or a checkout preview with that billing country is priced in it.
	 * @param productId the product
	 * @param country ISO 3166 alpha-2 country
	 * @param price the price there, in minor units of {@code currency}
	 * @param currency ISO 4217 currency
	 * @return this
	 */
	public DodoSimulator localizedPrice(String productId, String country, long price, String currency) {
		this.state.localizePrice(productId, country, price, currency);
		return this;
	}

	/**
	 * Starts a refund that stays {@code pending} (SDK {@code RefundStatus}) until {@link #settleRefund} ends it;
	 * its amount is held, so no second refund can take it meanwhile.
	 * @param paymentId the payment
	 * @param amount minor units, or {@code null} for all that is left
	 * @return the refund id
	 */
	public String refundPending(String paymentId, @Nullable Long amount) {
		return this.state.refund(paymentId, amount, false);
	}

	/**
	 * Ends a pending refund: {@code refund.succeeded}, or {@code refund.failed} (the money stays with the business).
	 * @param refundId the refund
	 * @param succeeded whether it went through
	 */
	public void settleRefund(String refundId, boolean succeeded) {
		this.state.settleRefund(refundId, succeeded);
	}

	/**
	 * The customer's bank opens a dispute (chargeback) on a succeeded payment: {@code dispute.opened}.
	 * @param paymentId the payment
	 * @param amount minor units disputed, or {@code null} for the whole payment
	 * @return the dispute id
	 */
	public String dispute(String paymentId, @Nullable Long amount) {
		return this.state.dispute(paymentId, amount);
	}

	/**
	 * An open dispute ends: {@code won}, {@code lost} or {@code accepted} (the business gave in), with the webhook of
	 * that name.
	 * @param disputeId the dispute
	 * @param outcome {@code won}, {@code lost} or {@code accepted}
	 */
	public void closeDispute(String disputeId, String outcome) {
		this.state.closeDispute(disputeId, outcome);
	}

	/**
	 * How much of a payment was refunded.
	 * @param paymentId the payment
	 * @return minor units, 0 for none or an unknown payment
	 */
	public long refunded(String paymentId) {
		return this.state.refunded(paymentId);
	}

	/**
	 * Cancels a subscription now ({@code subscription.cancelled}).
	 * @param subscriptionId the subscription
	 */
	public void cancelSubscription(String subscriptionId) {
		this.state.subscriptions.cancel(subscriptionId);
	}

	// ---- inspection -------------------------------------------------------------------------------

	/** Every payment made, in order. */
	public List<SimPayment> payments() {
		return this.state.payments();
	}

	/** The payments that charged a saved card (succeeded or not), in order. */
	public List<SimPayment> charges() {
		return payments().stream().filter(SimPayment::isCharge).toList();
	}

	/**
	 * A subscription's current state.
	 * @param subscriptionId the subscription
	 * @return the state, if it exists
	 */
	public Optional<SimSubscription> subscription(String subscriptionId) {
		return Optional.ofNullable(this.state.subscriptions.view(subscriptionId));
	}

	/**
	 * The API requests received, in order: the most recent ones up to {@link Builder#requestLogLimit(int)}
	 * (100,000 by default).
	 */
	public List<RecordedRequest> requests() {
		return this.server.requests();
	}

	/**
	 * The requests of one operation.
	 * @param operation e.g. {@code POST /checkouts}
	 * @return the requests, in order
	 */
	public List<RecordedRequest> requests(String operation) {
		return requests().stream().filter((request) -> request.operation().equals(operation)).toList();
	}

	/**
	 * Forgets all data, faults, recorded requests and webhook events; restores the modes and the webhook timing
	 * (its seed starts over), re-seeds the demo data if it was on and resets the clock. Work still in flight
	 * from before is fenced off: a call that arrived before the reset answers 503 without touching the new
	 * state, and webhooks queued, held or retrying from before are never sent. Call it between tests.
	 */
	public void reset() {
		this.server.fence(() -> {
			this.webhooks.reset();
			this.webhooks.timing(this.initialTiming.restarted());
			this.state.clear();
			this.faults.clear();
			this.clock.reset();
			this.modes.copyFrom(this.initialModes);
			if (this.demoData) {
				DemoData.seed(this);
			}
		});
	}

	/**
	 * A report of the simulator's state for a failing test: modes, webhook timing and its seed, pending
	 * faults, the payments, and the most recent requests and webhook deliveries.
	 * @return the report, several lines
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("Dodo simulator at ").append(this.baseUrl).append('\n');
		text.append("  modes: ").append(this.modes).append('\n');
		text.append("  webhook timing: ").append(this.webhooks.timing()).append('\n');
		text.append("  faults pending: ").append(this.faults.describe()).append('\n');
		text.append("  payments:\n");
		for (SimPayment payment : payments()) {
			text.append("    ").append(payment.paymentId()).append(' ').append(payment.status()).append(' ')
				.append(payment.totalAmount()).append(' ').append(payment.currency()).append(' ')
				.append(payment.customerId()).append(' ').append(payment.metadata()).append('\n');
		}
		List<RecordedRequest> requests = requests();
		text.append("  last requests:\n");
		for (RecordedRequest request : requests.subList(Math.max(0, requests.size() - 20), requests.size())) {
			text.append("    ").append(request.operation()).append(' ').append(request.path()).append(" -> ")
				.append(request.status()).append('\n');
		}
		List<WebhookDelivery> deliveries = this.webhooks.deliveries();
		text.append("  last webhook deliveries:\n");
		for (WebhookDelivery delivery : deliveries.subList(Math.max(0, deliveries.size() - 20), deliveries.size())) {
			text.append("    ").append(delivery).append('\n');
		}
		return text.toString();
	}

	/** Stops the server, the clock ticker and the webhook sender. */
	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.server.stop();
		this.webhooks.close();
	}

	/** Settings for a {@link DodoSimulator}. */
	public static final class Builder {

		private int port;

		private @Nullable String webhookSecret;

		private @Nullable Supplier<@Nullable URI> webhookTarget;

		private boolean demoData = true;

		private Clock clock = Clock.systemUTC();

		private @Nullable String apiKey;

		private int requestLogLimit = SimulatorServer.DEFAULT_REQUEST_LOG_LIMIT;

		private WebhookTiming webhookTiming = WebhookTiming.mixed();

		private final SimulatorModes modes = new SimulatorModes();

		private Builder() {
		}

		/**
		 * When webhooks go out relative to the API answer; {@link WebhookTiming#mixed()} (random seed) by default.
		 * @param timing the timing
		 * @return this
		 */
		public Builder webhookTiming(WebhookTiming timing) {
			this.webhookTiming = timing;
			return this;
		}

		/**
		 * The modes the simulator starts with (and {@link DodoSimulator#reset()} restores).
		 * @param settings changes the defaults, e.g. {@code (modes) -> modes.strictBillingAddress(false)}
		 * @return this
		 */
		public Builder modes(java.util.function.Consumer<SimulatorModes> settings) {
			settings.accept(this.modes);
			return this;
		}

		/**
		 * The port; 0 (the default) picks a free one.
		 * @param port the port
		 * @return this
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The webhook signing secret; random by default.
		 * @param secret the secret, {@code whsec_…}
		 * @return this
		 */
		public Builder webhookSecret(String secret) {
			this.webhookSecret = secret;
			return this;
		}

		/**
		 * Where to deliver webhooks; none by default (events are recorded only).
		 * @param target the receiver's URL
		 * @return this
		 */
		public Builder webhookTarget(URI target) {
			this.webhookTarget = () -> target;
			return this;
		}

		/**
		 * Where to deliver webhooks, looked up at each delivery.
		 * @param target supplies the receiver's URL
		 * @return this
		 */
		public Builder webhookTarget(Supplier<@Nullable URI> target) {
			this.webhookTarget = target;
			return this;
		}

		/**
		 * Whether to seed the {@link DemoData demo data}; on by default.
		 * @param demoData whether to seed it
		 * @return this
		 */
		public Builder demoData(boolean demoData) {
			this.demoData = demoData;
			return this;
		}

		/**
		 * The clock the simulator's own clock starts from.
		 * @param clock the clock
		 * @return this
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Requires {@code Authorization: Bearer <apiKey>}, this key exactly, on every API call (401 otherwise).
		 * By default any non-blank bearer token is accepted (the simulator cannot tell a real key), and a call
		 * without one is refused with 401, as Dodo refuses it (reference Basics: "Auth: Authorization: Bearer").
		 * @param apiKey the key to require
		 * @return this
		 */
		public Builder requireApiKey(String apiKey) {
			if (apiKey.isBlank()) {
				throw new IllegalArgumentException("An API key cannot be blank");
			}
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * How many requests {@link DodoSimulator#requests()} keeps (default 100,000); older ones are dropped,
		 * so a long-running simulator stays within bounded memory.
		 * @param limit at least 1
		 * @return this
		 */
		public Builder requestLogLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("requestLogLimit must be at least 1, not " + limit);
			}
			this.requestLogLimit = limit;
			return this;
		}

		/** Starts the simulator. */
		public DodoSimulator start() {
			return new DodoSimulator(this);
		}

	}

}
