package dev.upsell.offer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.checkout.ChargeMethod;
import dev.upsell.checkout.OneClickCharge;
import dev.upsell.checkout.OneClickCheckout;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentMethod;
import dev.upsell.dodo.Product;

/**
 * Presents, accepts, declines and settles offers. The bean hosts inject.
 * <p>
 * Never charges twice: accepting first wins the offer with a compare-and-set from {@code PRESENTED} to
 * {@code ACCEPTED}; only the winner sends the one charge, once. Every other accept (a double click, another
 * thread, another instance) waits for the winner's outcome and gets it in an
 * {@link OfferAlreadySettledException}. A charge whose outcome is unknown (timeout, 5xx) leaves the offer
 * {@code ACCEPTED} until a webhook or {@link OfferReconciler} settles it.
 */
public class OfferService {

	private static final Log logger = LogFactory.getLog(OfferService.class);

	private static final int CAS_ATTEMPTS = 20;

	/** Context key of plan change offers: the subscription they change. */
	public static final String SUBSCRIPTION_ID = "subscription_id";

	private final OfferRepository repository;

	private final OfferRules rules;

	private final DodoClient dodo;

	private final PaymentMethodSelector selector;

	private final OneClickCheckout checkout;

	private final OfferListener listener;

	private final OfferSettings settings;

	private final Clock clock;

	private final SecureRandom random;

	private final ConcurrentMap<String, CompletableFuture<Offer>> inFlight = new ConcurrentHashMap<>();

	private final OwnedProducts owned;

	/** Usage-based products already reported as not offerable (logged once each). */
	private final Set<String> usageBasedLogged = ConcurrentHashMap.newKeySet();

	/** Offers whose fallback checkout link is being made in this JVM: one session per declined charge. */
	private final Set<String> fallbackClaims = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the service.
	 * @param repository where offers live
	 * @param rules which offer follows which purchase
	 * @param dodo the Dodo client
	 * @param selector picks the saved method to charge
	 * @param checkout charges it, or makes a fallback link
	 * @param listener told of every change written
	 * @param settings expiry and waiting times
	 * @param clock the time
	 * @param random the source of offer ids
	 */
	public OfferService(OfferRepository repository, OfferRules rules, DodoClient dodo, PaymentMethodSelector selector,
			OneClickCheckout checkout, OfferListener listener, OfferSettings settings, Clock clock,
			SecureRandom random) {
		this(repository, rules, dodo, selector, checkout, listener, settings, clock, random, OwnedProducts.none());
	}

	/**
	 * Creates the service with the host's ownership check.
	 * @param repository where offers are kept
	 * @param rules which offer follows which purchase
	 * @param dodo the Dodo client
	 * @param selector picks the saved method to charge
	 * @param checkout charges it
	 * @param listener told of every change
	 * @param settings timings and switches
	 * @param clock the clock
	 * @param random the source of offer ids
	 * @param owned what the host says a customer owns already
	 */
	public OfferService(OfferRepository repository, OfferRules rules, DodoClient dodo, PaymentMethodSelector selector,
			OneClickCheckout checkout, OfferListener listener, OfferSettings settings, Clock clock,
			SecureRandom random, OwnedProducts owned) {
		this.owned = owned;
		this.repository = repository;
		this.rules = rules;
		this.dodo = dodo;
		this.selector = selector;
		this.checkout = checkout;
		this.listener = listener;
		this.settings = settings;
		this.clock = clock;
		this.random = random;
	}

	// ---- presenting ------------------------------------------------------------------------------------

	/**
	 * Presents the offers that follow a purchase: one per matching rule, except when the customer already has
	 * an open offer for that product or declined this rule's offer within the suppression window.
	 * @param customerId the Dodo customer who bought
	 * @param purchasedProductId what they bought
	 * @param context the purchase's reference and attributes
	 * @return the offers presented now; empty when none applies
	 * @throws DodoApiException when a product's price cannot be read from Dodo
	 */
	public List<Offer> present(String customerId, String purchasedProductId, PurchaseContext context) {
		requireText(customerId, "customerId");
		requireText(purchasedProductId, "purchasedProductId");
		List<Offer> existing = this.repository.findByCustomer(customerId);
		List<Offer> presented = new ArrayList<>();
		Map<String, String> attributes = null;
		for (OfferRule rule : this.rules.triggeredBy(purchasedProductId)) {
			if (hasOpenOffer(existing, rule.offerProduct()) || declinedRecently(existing, rule.id(), rule.kind())
					|| owns(customerId, existing, rule.offerProduct())) {
				continue;
			}
			if (attributes == null) {
				attributes = withPurchaseBilling(context).attributes();
			}
			Offer offer = create(customerId, rule, rule.kind(), rule.offerProduct(), purchasedProductId,
					context.reference(), null, attributes);
			if (offer != null) {
				presented.add(offer);
			}
		}
		return presented;
	}

	/**
	 * The purchase's billing address: the one the host gave, else the {@code billing} of the Dodo payment it
	 * named (read once here, so accepting needs no extra call). A payment that cannot be read leaves the offer
	 * without an address: it is then charged as a one-time payment.
	 */
	private PurchaseContext withPurchaseBilling(PurchaseContext context) {
		String paymentId = context.attributes().get(PurchaseContext.DODO_PAYMENT_ID);
		if (paymentId == null || PurchaseContext.billingAddressOf(context.attributes()) != null) {
			return context;
		}
		try {
			BillingAddress billing = this.dodo.getPayment(paymentId).billing();
			return (billing != null) ? context.withBillingAddress(billing) : context;
		}
		catch (DodoApiException ex) {
			logger.warn("Could not read the billing address of the purchase's payment: " + ex.getMessage());
			return context;
		}
	}

	/**
	 * A customer's open offers (presented and not expired, being charged, or redirected), newest first.
	 * @param customerId the customer
	 * @return the offers
	 */
	public List<Offer> offersFor(String customerId) {
		Instant now = this.clock.instant();
		List<Offer> open = new ArrayList<>();
		for (Offer offer : this.repository.findByCustomer(customerId)) {
			if (offer.isExpiredAt(now)) {
				expire(offer);
			}
			else if (offer.status().isOpen()) {
				open.add(offer);
			}
		}
		return open;
	}

	/**
	 * One of the customer's offers, in any status.
	 * @param offerId the offer
	 * @param customerId the customer asking
	 * @return the offer, if it exists and is theirs
	 */
	public Optional<Offer> find(String offerId, String customerId) {
		return this.repository.findById(offerId).filter((offer) -> offer.customerId().equals(customerId));
	}

	// ---- accepting -------------------------------------------------------------------------------------

	/**
	 * Accepts an offer in one click: charges the customer's first eligible saved payment method, or hands out a
	 * normal checkout link when none qualifies or Dodo refuses the charge (a refused charge is never retried).
	 * @param offerId the offer
	 * @param customerId the customer accepting; must own the offer
	 * @return what happened: charged, pending, or redirect
	 * @throws OfferNotFoundException for a missing offer or another customer's
	 * @throws OfferGoneException when the offer expired or was declined
	 * @throws OfferAlreadySettledException when it was accepted before (carries that result)
	 * @throws DodoApiException when Dodo could not be asked for the saved methods (nothing was charged and the
	 * offer is still open)
	 */
	public AcceptResult accept(String offerId, String customerId) {
		Offer offer = load(offerId, customerId);
		if (offer.kind() == OfferKind.PLAN_UPGRADE || offer.kind() == OfferKind.PLAN_DOWNGRADE) {
			throw new IllegalArgumentException("Offer " + offerId + " is a plan change: accept it through PlanChangeService");
		}
		if (offer.status() != OfferStatus.PRESENTED) {
			throw settled(offer);
		}
		if (offer.isExpiredAt(this.clock.instant())) {
			throw new OfferGoneException(expire(offer));
		}
		List<PaymentMethod> methods = this.dodo.listPaymentMethods(customerId);
		PaymentMethodSelector.Selection selection = this.selector.select(methods, offer.price().currency(),
				YearMonth.from(this.clock.instant().atZone(ZoneOffset.UTC)));
		if (selection.method() == null) {
			return redirect(offer, selection.ineligibility().name());
		}
		Offer accepted = offer.moveTo(OfferStatus.ACCEPTED, this.clock.instant());
		if (!write(offer, accepted)) {
			throw settled(reload(offer));
		}
		// Only the winner registers: concurrent losers in this JVM wait on it, others poll the repository.
		CompletableFuture<Offer> outcome = new CompletableFuture<>();
		this.inFlight.put(offer.id(), outcome);
		try {
			Charged charged = charge(accepted, selection.method());
			outcome.complete(charged.offer());
			return AcceptResult.of(charged.offer()).withClientSecret(charged.clientSecret());
		}
		catch (RuntimeException ex) {
			outcome.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(offer.id(), outcome);
			// a payment.failed that landed while this call was ending left the link to it: make it now
			this.repository.findById(offer.id()).ifPresent(this::redirectIfDeclined);
		}
	}

	/** What the winner's charge left: the offer, and the payment's client secret for a 3-D Secure step. */
	private record Charged(Offer offer, @Nullable String clientSecret) {
	}

	/** The winner's path: one charge, then record what is known. */
	private Charged charge(Offer accepted, PaymentMethod method) {
		OneClickCheckout.ChargeAttempt attempt;
		try {
			attempt = this.checkout.charge(oneClickCharge(accepted), method);
		}
		catch (DodoApiException ex) {
			return new Charged(unanswered(accepted, ex), null);
		}
		Offer settled = settle(accepted, attempt);
		return new Charged(settled, attempt.clientSecret());
	}

	/** The charge call failed: an unknown outcome stays accepted, a refusal hands out the checkout link. */
	private Offer unanswered(Offer accepted, DodoApiException ex) {
		if (ex.isOutcomeUnknown()) {
			logger.warn("Charge for offer " + accepted.id() + " has an unknown outcome (" + ex.getMessage()
					+ "); not retrying, leaving it to webhook or reconciliation");
			return update(accepted, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.withPayment(null, null, this.clock.instant()).withOutcome(null, "OUTCOME_UNKNOWN", 0) : null);
		}
		logger.info("Dodo refused the charge for offer " + accepted.id() + ": " + ex.getMessage());
		return fallback(accepted, (ex.code() != null) ? ex.code() : "CHARGE_REFUSED");
	}

	/** Dodo answered the charge: record the payment, then read it back once to say what happened. */
	private Offer settle(Offer accepted, OneClickCheckout.ChargeAttempt attempt) {
		Offer recorded = update(accepted, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
				? offer.withPayment(attempt.paymentId(), attempt.checkoutSessionId(), this.clock.instant()) : null);
		if (attempt.paymentId() != null && recorded.status() == OfferStatus.FAILED
				&& attempt.paymentId().equals(recorded.paymentId())) {
			// The payment.failed webhook landed before Dodo's answer: the customer still gets the checkout link.
			return redirectIfDeclined(recorded);
		}
		if (recorded.status() != OfferStatus.ACCEPTED || attempt.paymentId() == null) {
			return recorded;
		}
		Payment payment;
		try {
			payment = this.dodo.getPayment(attempt.paymentId());
		}
		catch (DodoApiException ex) {
			Offer current = reload(recorded);
			return (current.status() == OfferStatus.FAILED) ? redirectIfDeclined(current) : recorded;
		}
		return switch (payment.status()) {
			case SUCCEEDED -> paymentSucceeded(recorded.id(), payment).orElse(recorded);
			case FAILED, CANCELLED -> fallbackOnce(recorded,
					(payment.errorCode() != null) ? payment.errorCode() : "PAYMENT_FAILED");
			case REQUIRES_CUSTOMER_ACTION -> update(recorded, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.withOutcome(attempt.actionUrl(), AcceptResult.ACTION_REQUIRED, 0) : null);
			default -> recorded;
		};
	}

	/** Hands out a normal checkout link instead; the offer may still convert when the customer pays there. */
	private AcceptResult redirect(Offer presented, String reason) {
		CheckoutSession session = this.checkout.fallback(oneClickCharge(presented));
		Instant now = this.clock.instant();
		Offer written = versionAfter(presented, presented.moveTo(OfferStatus.REDIRECTED, now)
			.withPayment(null, session.sessionId(), now)
			.withOutcome(session.checkoutUrl(), reason, 0));
		if (!write(presented, written)) {
			throw settled(reload(presented));
		}
		logger.info("Offer " + presented.id() + " redirected to checkout: " + reason);
		return AcceptResult.of(written);
	}

	private Offer fallback(Offer accepted, String reason) {
		CheckoutSession session;
		try {
			session = this.checkout.fallback(oneClickCharge(accepted));
		}
		catch (DodoApiException ex) {
			logger.warn("No fallback checkout for offer " + accepted.id() + ": " + ex.getMessage());
			return update(accepted, (offer) -> offer.status().canMoveTo(OfferStatus.FAILED)
					? offer.moveTo(OfferStatus.FAILED, this.clock.instant()).withOutcome(null, reason, 0) : null);
		}
		return update(accepted, (offer) -> offer.status().canMoveTo(OfferStatus.REDIRECTED)
				? offer.moveTo(OfferStatus.REDIRECTED, this.clock.instant()).withOutcome(session.checkoutUrl(), reason, 0)
				: null);
	}

	private OfferAlreadySettledException settled(Offer offer) {
		Offer current = awaitOutcome(offer);
		if (current.status() == OfferStatus.DECLINED || current.status() == OfferStatus.EXPIRED) {
			throw new OfferGoneException(current);
		}
		if (current.status() == OfferStatus.PRESENTED) {
			throw new IllegalStateException("Offer " + current.id() + " is still presented");
		}
		return new OfferAlreadySettledException(AcceptResult.of(current));
	}

	/** Waits, bounded, while another click, thread or instance is still charging this offer. */
	private Offer awaitOutcome(Offer offer) {
		if (!isCharging(offer)) {
			return offer;
		}
		long deadline = System.nanoTime() + this.settings.acceptWait().toNanos();
		CompletableFuture<Offer> local = this.inFlight.get(offer.id());
		if (local != null) {
			try {
				local.get(this.settings.acceptWait().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// fall through to the stored state
			}
			return reload(offer);
		}
		Offer current = offer;
		long pause = 10;
		while (isCharging(current) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			pause = Math.min(pause * 2, 200);
			current = reload(current);
		}
		return current;
	}

	private static boolean isCharging(Offer offer) {
		return offer.status() == OfferStatus.ACCEPTED && offer.paymentId() == null && offer.failureReason() == null;
	}

	// ---- declining -------------------------------------------------------------------------------------

	/**
	 * Declines an offer and, when its rule has a downsell and this was not one already, presents the downsell.
	 * Declining twice returns the first result.
	 * @param offerId the offer
	 * @param customerId the customer declining; must own the offer
	 * @return the declined offer and the downsell, if any
	 * @throws OfferNotFoundException for a missing offer or another customer's
	 * @throws OfferGoneException when the offer expired
	 * @throws OfferAlreadySettledException when it was accepted
	 */
	public DeclineResult decline(String offerId, String customerId) {
		Offer offer = load(offerId, customerId);
		for (int i = 0; i < CAS_ATTEMPTS; i++) {
			switch (offer.status()) {
				case PRESENTED -> {
					if (offer.isExpiredAt(this.clock.instant())) {
						throw new OfferGoneException(expire(offer));
					}
					Offer declined = offer.moveTo(OfferStatus.DECLINED, this.clock.instant());
					if (write(offer, declined)) {
						logger.info("Offer " + offer.id() + " declined by customer " + customerId);
						return new DeclineResult(declined, downsellAfter(declined));
					}
					offer = reload(offer);
				}
				case DECLINED -> {
					Offer declined = offer;
					Offer downsell = this.repository.findByCustomer(customerId)
						.stream()
						.filter((candidate) -> declined.id().equals(candidate.parentOfferId()))
						.findFirst()
						.orElse(null);
					return new DeclineResult(offer, downsell);
				}
				case EXPIRED -> throw new OfferGoneException(offer);
				default -> throw settled(offer);
			}
		}
		throw new IllegalStateException("Offer " + offerId + " keeps changing; try again");
	}

	private @Nullable Offer downsellAfter(Offer declined) {
		if (declined.kind() == OfferKind.DOWNSELL) {
			return null;
		}
		OfferRule rule = this.rules.find(declined.ruleId()).orElse(null);
		if (rule == null || rule.downsellProduct() == null) {
			return null;
		}
		List<Offer> existing = this.repository.findByCustomer(declined.customerId());
		if (hasOpenOffer(existing, rule.downsellProduct())
				|| declinedRecently(existing, rule.id(), OfferKind.DOWNSELL)) {
			return null;
		}
		return create(declined.customerId(), rule, OfferKind.DOWNSELL, rule.downsellProduct(),
				declined.triggerProductId(), declined.triggerReference(), declined.id(), declined.context());
	}

	// ---- plan change offers --------------------------------------------------------------------------------

	/**
	 * Presents a plan change prompt as an offer, so it counts in the conversion metrics. Accept it by passing
	 * its id in {@code PlanChangeOptions.offerId}; the {@code subscription.plan_changed} webhook converts it.
	 * @param customerId the subscriber
	 * @param subscriptionId the subscription
	 * @param targetProductId the plan offered
	 * @param kind {@link OfferKind#PLAN_UPGRADE} or {@link OfferKind#PLAN_DOWNGRADE}
	 * @param ruleId the id the metrics show for this prompt (a fixed name, e.g. {@code basic-to-pro})
	 * @return the offer
	 */
	public Offer presentPlanChange(String customerId, String subscriptionId, String targetProductId, OfferKind kind,
			String ruleId) {
		if (kind != OfferKind.PLAN_UPGRADE && kind != OfferKind.PLAN_DOWNGRADE) {
			throw new IllegalArgumentException("A plan change offer is a PLAN_UPGRADE or PLAN_DOWNGRADE, not " + kind);
		}
		requireText(subscriptionId, "subscriptionId");
		OfferRule rule = new OfferRule(ruleId, subscriptionId, targetProductId, kind, 1, null, ChargeMethod.CHECKOUT_SESSION);
		Offer offer = create(customerId, rule, kind, targetProductId, null, subscriptionId, null,
				Map.of(SUBSCRIPTION_ID, subscriptionId));
		if (offer != null) {
			return offer;
		}
		// the prompt is open already (another tab, another instance): the same offer, not a second one
		return this.repository.findByCustomer(customerId)
			.stream()
			.filter((open) -> open.status().isOpen() && open.ruleId().equals(ruleId))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Plan " + targetProductId + " cannot be offered"));
	}

	/**
	 * Claims a plan change offer before the change is sent, so it is sent once per offer.
	 * @param offerId the offer
	 * @param customerId the customer; must own it
	 * @return the accepted offer
	 * @throws OfferNotFoundException, OfferGoneException, OfferAlreadySettledException as for {@link #accept}
	 */
	public Offer acceptPlanChange(String offerId, String customerId) {
		Offer offer = load(offerId, customerId);
		if (offer.status() != OfferStatus.PRESENTED) {
			throw settled(offer);
		}
		if (offer.isExpiredAt(this.clock.instant())) {
			throw new OfferGoneException(expire(offer));
		}
		Offer accepted = offer.moveTo(OfferStatus.ACCEPTED, this.clock.instant()).withOutcome(null, "PLAN_CHANGE_SENT", 0);
		if (!write(offer, accepted)) {
			throw settled(reload(offer));
		}
		return accepted;
	}

	/**
	 * Fails a plan change offer whose change Dodo refused.
	 * @param offerId the offer
	 * @param reason Dodo's code
	 */
	public void planChangeFailed(String offerId, String reason) {
		this.repository.findById(offerId)
			.ifPresent((existing) -> update(existing, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.moveTo(OfferStatus.FAILED, this.clock.instant()).withOutcome(null, reason, 0) : null));
	}

	/**
	 * Converts the accepted plan change offers that a {@code subscription.plan_changed} event fulfils.
	 * @param subscriptionId the subscription
	 * @param productId its plan now
	 * @return how many offers converted
	 */
	public int planChanged(String subscriptionId, String productId, String customerId) {
		int converted = 0;
		for (Offer offer : this.repository.findByCustomer(customerId)) {
			boolean fulfils = (offer.kind() == OfferKind.PLAN_UPGRADE || offer.kind() == OfferKind.PLAN_DOWNGRADE)
					&& offer.status() == OfferStatus.ACCEPTED && subscriptionId.equals(offer.context().get(SUBSCRIPTION_ID))
					&& offer.productId().equals(productId);
			if (fulfils && update(offer, (current) -> (current.status() == OfferStatus.ACCEPTED)
					? current.moveTo(OfferStatus.CONVERTED, this.clock.instant()) : null)
				.status() == OfferStatus.CONVERTED) {
				converted++;
			}
		}
		return converted;
	}

	// ---- settlement (webhooks, reconciliation) ----------------------------------------------------------

	/**
	 * Records that an offer's payment succeeded: the offer converts, whatever open state it was in. A second,
	 * different payment for a converted offer is logged as an error (it means the customer paid twice).
	 * @param offerId the offer, from the payment's {@code offer_id} metadata
	 * @param payment the payment
	 * @return the offer as it now stands, if it exists
	 */
	public Optional<Offer> paymentSucceeded(String offerId, Payment payment) {
		Optional<Offer> found = this.repository.findById(offerId).filter((offer) -> belongsTo(offer, payment));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(update(found.get(), (offer) -> {
			if (offer.status() == OfferStatus.CONVERTED) {
				if (offer.paymentId() != null && !offer.paymentId().equals(payment.paymentId())) {
					logger.error("Offer " + offer.id() + " was paid twice: " + offer.paymentId() + " and "
							+ payment.paymentId() + "; refund one");
				}
				return null;
			}
			if (!offer.status().canMoveTo(OfferStatus.CONVERTED)) {
				logger.warn("Payment " + payment.paymentId() + " succeeded for offer " + offer.id() + " in status "
						+ offer.status() + "; left as it is");
				return null;
			}
			return offer.withoutPendingAction()
				.withPayment(payment.paymentId(), payment.checkoutSessionId(), this.clock.instant())
				.moveTo(OfferStatus.CONVERTED, this.clock.instant())
				.withOutcome(null, null, payment.totalAmount());
		}));
	}

	/**
	 * Records that an offer's payment failed. Only an offer still being charged fails; a converted or
	 * redirected offer is left as it is (late or out-of-order events never move an offer backwards).
	 * @param offerId the offer, from the payment's {@code offer_id} metadata
	 * @param payment the payment
	 * @return the offer as it now stands, if it exists
	 */
	public Optional<Offer> paymentFailed(String offerId, Payment payment) {
		Optional<Offer> found = this.repository.findById(offerId).filter((offer) -> belongsTo(offer, payment));
		return found.map((existing) -> update(existing, (offer) -> {
			boolean samePayment = offer.paymentId() == null || offer.paymentId().equals(payment.paymentId());
			if (offer.status() != OfferStatus.ACCEPTED || !samePayment) {
				return null;
			}
			return offer.withoutPendingAction()
				.withPayment(payment.paymentId(), payment.checkoutSessionId(), this.clock.instant())
				.moveTo(OfferStatus.FAILED, this.clock.instant())
				.withOutcome(null, (payment.errorCode() != null) ? payment.errorCode() : "PAYMENT_FAILED", 0);
		})).map((failed) -> this.inFlight.containsKey(failed.id()) ? failed : redirectIfDeclined(failed));
	}

	/**
	 * A one-click offer whose charge was declined gets its normal checkout link, once: by the accept call while
	 * it runs, otherwise by whoever records the decline (webhook or reconciliation).
	 */
	private Offer redirectIfDeclined(Offer offer) {
		boolean oneClick = offer.kind() != OfferKind.PLAN_UPGRADE && offer.kind() != OfferKind.PLAN_DOWNGRADE;
		if (offer.status() != OfferStatus.FAILED || offer.checkoutUrl() != null || !oneClick
				|| offer.paymentId() == null) {
			return offer;
		}
		return fallbackOnce(offer, (offer.failureReason() != null) ? offer.failureReason() : "PAYMENT_FAILED");
	}

	/** Another thread of this JVM is making the link: wait for it, bounded, and answer what it made. */
	private Offer awaitOtherFallback(Offer offer) {
		long deadline = System.nanoTime() + this.settings.acceptWait().toNanos();
		while (this.fallbackClaims.contains(offer.id()) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return this.repository.findById(offer.id()).orElse(offer);
	}

	/** {@link #fallback} at most once at a time per offer in this JVM, and never for an offer that has a link. */
	private Offer fallbackOnce(Offer offer, String reason) {
		if (!this.fallbackClaims.add(offer.id())) {
			return awaitOtherFallback(offer);
		}
		try {
			Offer current = reload(offer);
			if (current.checkoutUrl() != null || !current.status().canMoveTo(OfferStatus.REDIRECTED)) {
				return current;
			}
			return fallback(current, reason);
		}
		finally {
			this.fallbackClaims.remove(offer.id());
		}
	}

	/**
	 * Records a refund against the offer whose payment it refunds.
	 * @param paymentId the refunded payment
	 * @param amount refunded minor units
	 * @return the offer, if a converted offer has this payment
	 */
	public Optional<Offer> refunded(String paymentId, long amount) {
		return this.repository.findByPaymentId(paymentId)
			.map((existing) -> update(existing, (offer) -> (offer.status() == OfferStatus.CONVERTED)
					? offer.withRefund(amount, this.clock.instant()) : null));
	}

	/**
	 * Fails an accepted offer for which no payment could be found (reconciliation gave up). A payment that
	 * turns up later still converts it.
	 * @param offerId the offer
	 * @return the offer as it now stands, if it exists
	 */
	public Optional<Offer> unresolved(String offerId) {
		return this.repository.findById(offerId)
			.map((existing) -> update(existing, (offer) -> (offer.status() == OfferStatus.ACCEPTED)
					? offer.moveTo(OfferStatus.FAILED, this.clock.instant()).withOutcome(null, "NO_PAYMENT_FOUND", 0)
					: null));
	}

	// ---- housekeeping ------------------------------------------------------------------------------------

	/**
	 * Expires presented offers past their TTL and redirected offers whose checkout link ran out, and deletes
	 * settled offers older than the retention.
	 * @param batch the most offers to handle per kind of work
	 * @return how many offers changed or were deleted
	 */
	public int housekeeping(int batch) {
		Instant now = this.clock.instant();
		int changed = 0;
		for (Offer offer : this.repository.findByStatus(OfferStatus.PRESENTED, now.minus(this.settings.ttl()), batch)) {
			if (offer.isExpiredAt(now) && expire(offer).status() == OfferStatus.EXPIRED) {
				changed++;
			}
		}
		for (Offer offer : this.repository.findByStatus(OfferStatus.REDIRECTED, now.minus(this.settings.redirectTtl()),
				batch)) {
			if (expire(offer).status() == OfferStatus.EXPIRED) {
				changed++;
			}
		}
		return changed + this.repository.purgeClosed(now.minus(this.settings.retention()), batch);
	}

	// ---- helpers -------------------------------------------------------------------------------------

	/** Presents one offer; {@code null} when the customer has an open offer of this rule already. */
	private @Nullable Offer create(String customerId, OfferRule rule, OfferKind kind, String productId,
			@Nullable String triggerProductId, @Nullable String triggerReference, @Nullable String parentOfferId,
			Map<String, String> context) {
		Product product = this.dodo.getProduct(productId);
		if (product.price().isUsageBased()) {
			if (this.usageBasedLogged.add(productId)) {
				logger.warn("Product " + productId + " has a usage-based price and cannot be offered (rule " + rule.id()
						+ "); its offers are skipped");
			}
			return null;
		}
		// the price shown is the price charged: after the product's discount; tax added at charge time is flagged
		Money price = new Money(Math.multiplyExact(product.price().discountedPrice(), (long) rule.quantity()),
				product.price().currency());
		if (Boolean.FALSE.equals(product.price().taxInclusive())) {
			Map<String, String> flagged = new LinkedHashMap<>(context);
			flagged.put(Offer.TAX_EXCLUSIVE, "true");
			context = flagged;
		}
		Instant now = this.clock.instant();
		Offer offer = new Offer(newId(), customerId, rule.id(), kind, productId, rule.quantity(), price,
				OfferStatus.PRESENTED, 0, now, now.plus(this.settings.ttl()), now, triggerProductId, triggerReference,
				parentOfferId, null, null, null, null, 0, 0, context);
		try {
			this.repository.insert(offer);
		}
		catch (OpenOfferExistsException ex) {
			// a concurrent purchase (or another instance) presented this rule's offer first
			return null;
		}
		this.listener.onChange(null, offer);
		logger.info("Presented " + kind.tag() + " offer " + offer.id() + " (rule " + rule.id() + ", product "
				+ productId + ") to customer " + customerId);
		return offer;
	}

	private OneClickCharge oneClickCharge(Offer offer) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("offer_id", offer.id());
		metadata.put("offer_kind", offer.kind().tag());
		metadata.put("rule_id", offer.ruleId());
		if (offer.triggerProductId() != null) {
			metadata.put("trigger_product", offer.triggerProductId());
		}
		if (offer.triggerReference() != null) {
			metadata.put("trigger_reference", offer.triggerReference());
		}
		ChargeMethod method = this.rules.find(offer.ruleId())
			.map(OfferRule::chargeWith)
			.orElse(ChargeMethod.CHECKOUT_SESSION);
		return new OneClickCharge(offer.customerId(), offer.productId(), offer.quantity(), offer.price().currency(),
				metadata, method, PurchaseContext.billingAddressOf(offer.context()));
	}

	private Offer expire(Offer offer) {
		return update(offer, (current) -> ((current.status() == OfferStatus.PRESENTED
				&& current.isExpiredAt(this.clock.instant())) || current.status() == OfferStatus.REDIRECTED)
						? current.moveTo(OfferStatus.EXPIRED, this.clock.instant()) : null);
	}

	/**
	 * Applies a change with compare-and-set, re-reading and re-deciding on every lost race.
	 * @param offer the version read
	 * @param change the new version for a given current one, or {@code null} for "no change"
	 * @return the offer as it stands afterwards
	 */
	private Offer update(Offer offer, UnaryOperator<@Nullable Offer> change) {
		Offer current = offer;
		for (int i = 0; i < CAS_ATTEMPTS; i++) {
			Offer next = change.apply(current);
			if (next == null) {
				return current;
			}
			next = versionAfter(current, next);
			if (write(current, next)) {
				return next;
			}
			current = reload(current);
		}
		throw new IllegalStateException("Offer " + offer.id() + " keeps changing; try again");
	}

	/** Whatever withers were chained, the written version is exactly one more than the one read. */
	private static Offer versionAfter(Offer current, Offer next) {
		if (next.version() == current.version() + 1) {
			return next;
		}
		return new Offer(next.id(), next.customerId(), next.ruleId(), next.kind(), next.productId(), next.quantity(),
				next.price(), next.status(), current.version() + 1, next.createdAt(), next.expiresAt(),
				next.updatedAt(), next.triggerProductId(), next.triggerReference(), next.parentOfferId(),
				next.paymentId(), next.checkoutSessionId(), next.checkoutUrl(), next.failureReason(),
				next.paidAmount(), next.refundedAmount(), next.context());
	}

	private boolean write(Offer expected, Offer updated) {
		if (!this.repository.compareAndSet(expected, updated)) {
			return false;
		}
		this.listener.onChange(expected, updated);
		return true;
	}

	private Offer load(String offerId, String customerId) {
		return find(offerId, customerId).orElseThrow(() -> new OfferNotFoundException(offerId));
	}

	private Offer reload(Offer offer) {
		return this.repository.findById(offer.id())
			.orElseThrow(() -> new IllegalStateException("Offer " + offer.id() + " disappeared"));
	}

	private static boolean belongsTo(Offer offer, Payment payment) {
		if (payment.customer() == null || payment.customer().customerId().equals(offer.customerId())) {
			return true;
		}
		logger.warn("Payment " + payment.paymentId() + " names offer " + offer.id() + " of another customer; ignored");
		return false;
	}

	/** With skip-owned: bought through an earlier offer, or owned per the host. */
	private boolean owns(String customerId, List<Offer> offers, String productId) {
		if (!this.settings.skipOwned()) {
			return false;
		}
		boolean bought = offers.stream()
			.anyMatch((offer) -> offer.status() == OfferStatus.CONVERTED && offer.productId().equals(productId)
					&& offer.refundedAmount() < offer.paidAmount());
		return bought || this.owned.owns(customerId, productId);
	}

	private static boolean hasOpenOffer(List<Offer> offers, String productId) {
		return offers.stream().anyMatch((offer) -> offer.status().isOpen() && offer.productId().equals(productId));
	}

	private boolean declinedRecently(List<Offer> offers, String ruleId, OfferKind kind) {
		Instant since = this.clock.instant().minus(this.settings.declineSuppression());
		return offers.stream()
			.anyMatch((offer) -> offer.status() == OfferStatus.DECLINED && offer.ruleId().equals(ruleId)
					&& offer.kind() == kind && offer.updatedAt().isAfter(since));
	}

	private String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return "off_" + HexFormat.of().formatHex(bytes);
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
