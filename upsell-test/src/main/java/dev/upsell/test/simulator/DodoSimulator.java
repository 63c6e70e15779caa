package dev.upsell.test.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
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
 * Where the API reference is silent the simulator guesses; each guess is marked in the source.
 */
public final class DodoSimulator implements AutoCloseable {

	private final SimulatorClock clock;

	private final SimulatorState state;

	private final SimulatorServer server;

	private final Faults faults = new Faults();

	private final WebhookSender webhooks;

	private final boolean demoData;

	private final URI baseUrl;

	private DodoSimulator(Builder builder) {
		this.clock = new SimulatorClock(builder.clock);
		JsonMapper json = JsonMapper.builder().build();
		this.webhooks = new WebhookSender(this.clock, json,
				(builder.webhookSecret != null) ? builder.webhookSecret : WebhookSigner.randomSecret());
		if (builder.webhookTarget != null) {
			this.webhooks.target(builder.webhookTarget);
		}
		URI[] url = new URI[1];
		this.state = new SimulatorState(this.clock, this.webhooks, () -> url[0].toString());
		try {
			this.server = new SimulatorServer(builder.port, this.state, this.faults, json, builder.apiKey,
					builder.requestLogLimit);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the Dodo simulator on port " + builder.port, ex);
		}
		this.server.start();
		this.baseUrl = URI.create("http://127.0.0.1:" + this.server.port());
		url[0] = this.baseUrl;
		this.demoData = builder.demoData;
		if (this.demoData) {
			DemoData.seed(this);
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
		this.state.putSubscription(subscriptionId, customerId, productId, 1, "active");
		return this;
	}

	/**
	 * Sets a subscription's status, e.g. {@code on_hold} or {@code cancelled}.
	 * @param subscriptionId the subscription
	 * @param status the Dodo status
	 * @return this
	 */
	public DodoSimulator subscriptionStatus(String subscriptionId, String status) {
		this.state.setSubscriptionStatus(subscriptionId, status);
		return this;
	}

	/**
	 * Marks a subscription as having a plan change awaiting payment: plan changes answer 409
	 * {@code PENDING_PLAN_CHANGE_EXISTS}.
	 * @param subscriptionId the subscription
	 * @return this
	 */
	public DodoSimulator pendingPlanChange(String subscriptionId) {
		this.state.setPendingPlanChange(subscriptionId, true);
		return this;
	}

	/**
	 * The customer pays on the hosted checkout page of a session (what a fallback link leads to).
	 * @param sessionId the checkout session
	 */
	public void completeCheckout(String sessionId) {
		this.state.completeCheckout(sessionId);
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
		return Optional.ofNullable(this.state.subscriptionView(subscriptionId));
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
	 * Forgets all data, faults, recorded requests and webhook events; re-seeds the demo data if it was on and
	 * resets the clock. Call it between tests.
	 */
	public void reset() {
		this.state.clear();
		this.faults.clear();
		this.server.clearRequests();
		this.webhooks.reset();
		this.clock.reset();
		if (this.demoData) {
			DemoData.seed(this);
		}
	}

	/** Stops the server and the webhook sender. */
	@Override
	public void close() {
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

		private Builder() {
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
		 * Requires {@code Authorization: Bearer <apiKey>} on every API call (401 otherwise); by default any
		 * or none is accepted.
		 * @param apiKey the key to require
		 * @return this
		 */
		public Builder requireApiKey(String apiKey) {
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
