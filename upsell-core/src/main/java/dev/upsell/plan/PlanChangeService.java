package dev.upsell.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.UpsellEventPublisher;
import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.plan.internal.ChangeOutcomes;
import dev.upsell.plan.internal.PlanCatalog;
import dev.upsell.plan.internal.PlanChangePreviews;
import dev.upsell.plan.internal.QuotePins;

/**
 * Previews and executes subscription plan changes (upgrades and downgrades) with every proration mode Dodo
 * has. Both take the customer id and refuse a subscription that is not theirs. Guards run before Dodo is
 * asked: the subscription exists and is active, the plan differs, the currency matches, no change is pending.
 * The change itself is a money-moving POST: sent once, never retried; a lost answer is {@code PENDING}, and
 * the {@code subscription.plan_changed} / {@code payment.*} webhooks tell the outcome. While one change of a
 * subscription is being sent, another from this instance is refused ({@code CHANGE_PENDING}); across
 * instances, track the prompt as a plan offer ({@link PlanChangeOptions#offerId()}), whose acceptance is one
 * compare-and-set in the shared offer store.
 */
public class PlanChangeService {

	private static final Log logger = LogFactory.getLog(PlanChangeService.class);

	private final DodoClient dodo;

	private final PlanChangePolicy policy;

	private final QuotePins pins;

	private final PlanCatalog catalog;

	private final PlanChangePreviews previews;

	private final ChangeOutcomes outcomes;

	private final UpsellEventPublisher events;

	private final @Nullable PlanOffers offers;

	/** The metadata key every plan change's payment carries: the subscription it changed. */
	public static final String PLAN_CHANGE_METADATA = "upsell_plan_change";

	/** How long a quote id can be used, by default. */
	public static final Duration DEFAULT_QUOTE_TTL = Duration.ofMinutes(10);

	private final Clock clock;

	private final Duration quoteTtl;

	/** Subscriptions whose change is being sent from this instance: a double click must not send two. */
	private final Set<String> changing = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the service.
	 * @param dodo the Dodo client
	 * @param defaultMode the proration mode when the options name none
	 * @param events where each executed change is published ({@link PlanChangeExecuted})
	 * @param offers the plan offers, to track prompts; may be {@code null}
	 */
	public PlanChangeService(DodoClient dodo, ProrationMode defaultMode, UpsellEventPublisher events,
			@Nullable PlanOffers offers) {
		this(dodo, defaultMode, events, offers, Clock.systemUTC(), DEFAULT_QUOTE_TTL);
	}

	/**
	 * Creates the service with a clock and a quote lifetime.
	 * @param dodo the Dodo client
	 * @param defaultMode the proration mode when the options name none
	 * @param events where each executed change is published ({@link PlanChangeExecuted})
	 * @param offers the plan offers, to track prompts; may be {@code null}
	 * @param clock the clock quotes expire by
	 * @param quoteTtl how long a {@link PlanChangeQuote#quoteId()} can be used
	 */
	public PlanChangeService(DodoClient dodo, ProrationMode defaultMode, UpsellEventPublisher events,
			@Nullable PlanOffers offers, Clock clock, Duration quoteTtl) {
		this(dodo, PlanChangePolicy.uniform(defaultMode), events, offers, clock, quoteTtl, QuotePins.random());
	}

	/**
	 * Creates the service with the merchant's billing policy and the deployment's quote key.
	 * @param dodo the Dodo client
	 * @param policy the billing terms per direction, for every option the caller leaves {@code null}
	 * @param events where each executed change is published ({@link PlanChangeExecuted})
	 * @param offers the plan offers, to track prompts; may be {@code null}
	 * @param clock the clock quotes expire by
	 * @param quoteTtl how long a {@link PlanChangeQuote#quoteId()} can be used
	 * @param quoteKey the secret quote ids are signed with (at least 16 bytes), the same on every instance
	 */
	public PlanChangeService(DodoClient dodo, PlanChangePolicy policy, UpsellEventPublisher events,
			@Nullable PlanOffers offers, Clock clock, Duration quoteTtl, byte[] quoteKey) {
		this(dodo, policy, events, offers, clock, quoteTtl, new QuotePins(quoteKey));
	}

	private PlanChangeService(DodoClient dodo, PlanChangePolicy policy, UpsellEventPublisher events,
			@Nullable PlanOffers offers, Clock clock, Duration quoteTtl, QuotePins pins) {
		this.clock = clock;
		this.quoteTtl = quoteTtl;
		this.dodo = dodo;
		this.policy = policy;
		this.previews = new PlanChangePreviews(dodo, policy);
		this.events = events;
		this.offers = offers;
		this.pins = pins;
		this.catalog = new PlanCatalog(dodo);
		this.outcomes = new ChangeOutcomes(dodo, offers);
	}

	/**
	 * What a plan change would charge or credit, without changing anything.
	 * @param customerId the customer asking; must own the subscription
	 * @param subscriptionId the subscription
	 * @param newProductId the plan to move to
	 * @param quantity the quantity after the change
	 * @param options mode, timing, failure policy
	 * @return the figures
	 * @throws PlanChangeException when a guard fails or Dodo refuses
	 * @throws DodoApiException when Dodo cannot be reached
	 */
	public PlanChangeQuote preview(String customerId, String subscriptionId, String newProductId, int quantity,
			PlanChangeOptions options) {
		return prepare(customerId, subscriptionId, newProductId, quantity, options).quote();
	}

	/**
	 * Executes a plan change: previews it (so the outcome carries the figures), then changes it once.
	 * @param customerId the customer asking; must own the subscription
	 * @param subscriptionId the subscription
	 * @param newProductId the plan to move to
	 * @param quantity the quantity after the change
	 * @param options mode, timing, failure policy, and the plan offer it accepts, if any
	 * @return what happened
	 * @throws PlanChangeException when a guard fails or Dodo refuses
	 * @throws DodoApiException when Dodo cannot be reached before the change is sent
	 */
	public PlanChangeOutcome change(String customerId, String subscriptionId, String newProductId, int quantity,
			PlanChangeOptions options) {
		requireText(customerId, "customerId");
		requireText(subscriptionId, "subscriptionId");
		// ownership first: another customer's requests must never hold this subscription's guard
		this.catalog.subscription(customerId, subscriptionId);
		if (!this.changing.add(subscriptionId)) {
			throw new PlanChangeException(PlanChangeException.Reason.CHANGE_PENDING,
					"A plan change of " + subscriptionId + " is already being sent; wait for its outcome");
		}
		try {
			return changeOnce(customerId, subscriptionId, newProductId, quantity, options);
		}
		finally {
			this.changing.remove(subscriptionId);
		}
	}

	/**
	 * Cancels the plan change scheduled for the subscription's next billing date: it renews on its plan. One call,
	 * no money moved; asked again, or after a lost answer, it reads the subscription and answers the same.
	 * @param customerId the customer asking; must own the subscription
	 * @param subscriptionId the subscription
	 * @return what was cancelled (also published as an event)
	 * @throws PlanChangeException {@code SUBSCRIPTION_NOT_FOUND}, or {@code NOTHING_SCHEDULED}
	 * @throws DodoApiException when Dodo cannot be reached (read back: still scheduled, ask again)
	 */
	public ScheduledPlanChangeCancelled cancelScheduled(String customerId, String subscriptionId) {
		requireText(customerId, "customerId");
		requireText(subscriptionId, "subscriptionId");
		Subscription subscription = this.catalog.subscription(customerId, subscriptionId);
		if (subscription.scheduledChange() == null) {
			throw new PlanChangeException(PlanChangeException.Reason.NOTHING_SCHEDULED,
					"Subscription " + subscriptionId + " has no scheduled plan change");
		}
		Object scheduled = subscription.scheduledChange().get("product_id");
		try {
			this.dodo.cancelScheduledPlanChange(subscriptionId);
		}
		catch (DodoApiException ex) {
			// a lost answer, or Dodo's 404 for a change already cancelled by a first attempt: the subscription says
			if (!(ex.isOutcomeUnknown() || ex.status() == 404)
					|| this.dodo.getSubscription(subscriptionId).scheduledChange() != null) {
				throw ex.isOutcomeUnknown() ? ex : PlanCatalog.refused(ex);
			}
		}
		ScheduledPlanChangeCancelled cancelled = new ScheduledPlanChangeCancelled(customerId, subscriptionId,
				subscription.productId(), (scheduled != null) ? scheduled.toString() : null);
		logger.info("Scheduled plan change of " + LogText.id(subscriptionId) + " cancelled: it keeps "
				+ LogText.id(subscription.productId()));
		this.events.publish(cancelled);
		return cancelled;
	}

	private PlanChangeOutcome changeOnce(String customerId, String subscriptionId, String newProductId, int quantity,
			PlanChangeOptions options) {
		Prepared prepared = prepare(customerId, subscriptionId, newProductId, quantity, options);
		PlanChangeQuote quote = prepared.quote();
		if (options.quoteId() != null) {
			this.pins.requireSame(options.quoteId(), customerId, quote, this.clock.instant(), this.quoteTtl);
		}
		if (options.offerId() != null && this.offers != null) {
			requirePlanOffer(options.offerId(), customerId, subscriptionId, newProductId, quantity);
			this.offers.claim(customerId, options.offerId());
		}
		PlanChangeResult result;
		try {
			result = this.dodo.changePlan(subscriptionId, prepared.request());
		}
		catch (DodoApiException ex) {
			if (ex.isOutcomeUnknown()) {
				logger.warn("Plan change of " + LogText.id(subscriptionId) + " has an unknown outcome (" + ex.getMessage()
						+ "); not retrying, the webhook will tell");
				return observed(new PlanChangeOutcome(PlanChangeOutcome.Status.PENDING, quote, null, null));
			}
			if (options.offerId() != null && this.offers != null) {
				this.offers.refused(options.offerId(), (ex.code() != null) ? ex.code() : "PLAN_CHANGE_REFUSED");
			}
			throw PlanCatalog.refused(ex);
		}
		PlanChangeOutcome.Status status = this.outcomes.settle(quote, result, options.offerId());
		logger.info("Plan change of " + LogText.id(subscriptionId) + " to " + LogText.id(newProductId) + " ("
				+ quote.direction().tag() + ", " + quote.prorationMode().wireValue() + "): " + status.tag());
		return observed(new PlanChangeOutcome(status, quote, result.paymentId(), result.paymentLink(),
				result.clientSecret()));
	}

	private PlanChangeOutcome observed(PlanChangeOutcome outcome) {
		this.events.publish(new PlanChangeExecuted(outcome));
		return outcome;
	}

	private Prepared prepare(String customerId, String subscriptionId, String newProductId, int quantity,
			PlanChangeOptions options) {
		requireText(customerId, "customerId");
		requireText(subscriptionId, "subscriptionId");
		requireText(newProductId, "newProductId");
		if (quantity < 1) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_OPTIONS, "quantity must be at least 1");
		}
		if (this.offers != null) {
			options = this.offers.withTermsOf(customerId, subscriptionId, newProductId, options);
		}
		Subscription subscription = this.catalog.subscription(customerId, subscriptionId);
		if (subscription.status() != Subscription.Status.ACTIVE) {
			throw new PlanChangeException(PlanChangeException.Reason.SUBSCRIPTION_NOT_ACTIVE,
					"Subscription " + subscriptionId + " is " + subscription.status().name().toLowerCase(java.util.Locale.ROOT)
							+ "; only active subscriptions can change plans");
		}
		if (subscription.scheduledChange() != null && !options.replaceScheduled()) {
			throw new PlanChangeException(PlanChangeException.Reason.CHANGE_PENDING,
					"Subscription " + subscriptionId + " already has a scheduled plan change (replace it, or cancel it)");
		}
		if (subscription.productId().equals(newProductId) && subscription.quantity() == quantity
				&& (options.addons() == null || sameAddons(options.addons(), subscription.addons()))) {
			throw new PlanChangeException(PlanChangeException.Reason.SAME_PLAN,
					"Subscription " + subscriptionId + " is on " + newProductId + " already");
		}
		Product product = this.catalog.plan(newProductId);
		Money currentPrice = new Money(subscription.recurringPreTaxAmount(), subscription.currency());
		// A first guess from the list price, only to choose the terms the preview is asked with; the direction
		// is then Dodo's own figures' (the new plan's pre-tax amount, addons and localized prices included, against
		// the subscription's). A currency Dodo cannot bill is Dodo's to refuse, not guessed here.
		Money listPrice = new Money(Math.multiplyExact(product.price().price(), (long) quantity),
				product.price().currency());
		Direction guess = listPrice.currency().equals(currentPrice.currency()) ? direction(currentPrice, listPrice)
				: Direction.UPGRADE;
		PlanChangePreviews.Previewed previewed = this.previews.preview(subscription, newProductId, quantity, options,
				guess);
		Subscription newPlan = previewed.preview().newPlan();
		// a scheduled change's preview may show the plan as it is until the billing date: only the new plan's figures
		Money newPrice = (newPlan != null && newPlan.productId().equals(newProductId) && newPlan.quantity() == quantity)
				? new Money(newPlan.recurringPreTaxAmount(), newPlan.currency()) : listPrice;
		Direction direction = newPrice.currency().equals(currentPrice.currency())
				? direction(currentPrice, newPrice) : guess;
		if (direction != guess && !this.policy.terms(direction).equals(this.policy.terms(guess))) {
			// the real direction has other terms: the quote must be the one those terms bill
			previewed = this.previews.preview(subscription, newProductId, quantity, options, direction);
		}
		return quote(customerId, subscription, newProductId, quantity, direction, currentPrice, newPrice, previewed);
	}

	private static Direction direction(Money current, Money next) {
		return (next.amount() > current.amount()) ? Direction.UPGRADE
				: (next.amount() < current.amount()) ? Direction.DOWNGRADE : Direction.SAME_PRICE;
	}

	private Prepared quote(String customerId, Subscription subscription, String newProductId, int quantity,
			Direction direction, Money currentPrice, Money newPrice, PlanChangePreviews.Previewed previewed) {
		String subscriptionId = subscription.subscriptionId();
		PlanChangeRequest request = previewed.request();
		PlanChangePreview preview = previewed.preview();
		ProrationMode mode = request.prorationBillingMode();
		EffectiveAt effectiveAt = (request.effectiveAt() != null) ? request.effectiveAt() : EffectiveAt.IMMEDIATELY;
		PlanChangePreview.Summary summary = preview.immediateCharge().summary();
		String currency = summary.currency();
		Money chargeNow = new Money(summary.totalAmount(), currency);
		Money creditAdded = new Money(Math.max(summary.customerCredits(), 0), currency);
		Money creditUsed = new Money(Math.max(-summary.customerCredits(), 0), currency);
		PlanChangeQuote quote = new PlanChangeQuote(subscriptionId, subscription.productId(), newProductId, quantity,
				direction, mode, effectiveAt, preview.immediateCharge().effectiveAt(), chargeNow, creditAdded,
				creditUsed, currentPrice, newPrice, preview.immediateCharge().lineItems(),
				PlanChangeQuote.summarize(direction, effectiveAt, chargeNow, creditAdded), null, null);
		String code = (request.discountCodes() != null) ? request.discountCodes().get(0) : null;
		if (code != null) {
			quote = quote.withDiscount(this.catalog.discount(code, newPrice));
		}
		Instant expiresAt = this.clock.instant().plus(this.quoteTtl);
		quote = quote.pinned(this.pins.id(customerId, quote, expiresAt), expiresAt);
		return new Prepared(request, quote);
	}

	private void requirePlanOffer(String offerId, String customerId, String subscriptionId, String newProductId,
			int quantity) {
		if (this.offers.find(customerId, offerId, subscriptionId, newProductId)
			.filter((offer) -> offer.kind() != OfferKind.ADD_ON || offer.quantity() == quantity)
			.isEmpty()) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_OPTIONS,
					"offer_id does not name a plan offer of this customer for this subscription and plan");
		}
	}

	private static boolean sameAddons(List<PlanChangeRequest.Addon> wanted,
			@Nullable List<PlanChangeRequest.Addon> current) {
		return new java.util.HashSet<>(wanted).equals(new java.util.HashSet<>((current != null) ? current : List.of()));
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_OPTIONS, name + " must not be blank");
		}
	}

	private record Prepared(PlanChangeRequest request, PlanChangeQuote quote) {
	}

}
