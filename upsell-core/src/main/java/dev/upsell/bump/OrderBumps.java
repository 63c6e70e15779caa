package dev.upsell.bump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;
import dev.upsell.funnel.internal.VariantAssignment;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.OfferGoneException;
import dev.upsell.offer.OfferHeldOut;
import dev.upsell.offer.OfferNotFoundException;
import dev.upsell.offer.OfferStatus;
import dev.upsell.offer.internal.ExperimentArms;
import dev.upsell.offer.internal.OfferCreation;
import dev.upsell.offer.internal.OfferEligibility;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransition;
import dev.upsell.offer.internal.OfferTransitions;
import dev.upsell.webhook.DodoEvent;

/**
 * Order bumps before the purchase: {@link #offer} answers which items to show beside a cart (chosen by their cart,
 * conditions, ownership and experiments; each shown one is an offer, one open per customer and bump, the same one on
 * every ask), {@link #checkout} creates the host's Dodo checkout session with the cart and the ticked bumps as its
 * lines (a hosted page: no money moves until the customer pays there) and declines the others, and the checkout's
 * {@code payment.succeeded} converts the ticked ones, each counted at its own line's price.
 */
public class OrderBumps {

	private static final Log logger = LogFactory.getLog(OrderBumps.class);

	/** The metadata key naming the bump offers a checkout carries (comma-separated offer ids). */
	public static final String BUMPS_METADATA = "upsell_bumps";

	private static final String TRIGGER = "checkout";

	private final List<OrderBump> bumps;

	private final OfferTransitions transitions;

	private final OfferCreation creation;

	private final OfferEligibility eligibility;

	private final ExperimentArms arms;

	private final OfferSettlement settlement;

	private final DodoClient dodo;

	private final @Nullable String returnUrl;

	/**
	 * Creates the bumps.
	 * @param bumps the configured bumps
	 * @param transitions reads and writes offers
	 * @param creation makes the bump offers (price, discount)
	 * @param eligibility what the customer owns and declined lately
	 * @param arms the experiments' arms
	 * @param settlement converts a bump whose checkout was paid
	 * @param dodo creates the checkout session
	 * @param returnUrl where Dodo sends the customer after paying, if anywhere
	 */
	public OrderBumps(List<OrderBump> bumps, OfferTransitions transitions, OfferCreation creation,
			OfferEligibility eligibility, ExperimentArms arms, OfferSettlement settlement, DodoClient dodo,
			@Nullable String returnUrl) {
		this.bumps = List.copyOf(bumps);
		this.transitions = transitions;
		this.creation = creation;
		this.eligibility = eligibility;
		this.arms = arms;
		this.settlement = settlement;
		this.dodo = dodo;
		this.returnUrl = returnUrl;
	}

	/**
	 * The bumps to show beside a cart.
	 * @param customerId the customer (an existing Dodo customer)
	 * @param cart the host's cart
	 * @param context what the host knows of the buyer (billing address, attributes the bumps' conditions test)
	 * @return the bump offers, in the configured order
	 * @throws DodoApiException when a product's price cannot be read
	 */
	public List<Offer> offer(String customerId, List<CartItem> cart, PurchaseContext context) {
		requireText(customerId, "customerId");
		Set<String> inCart = products(cart);
		List<Offer> existing = this.transitions.repository().findByCustomer(customerId);
		List<Offer> shown = new ArrayList<>();
		for (OrderBump bump : this.bumps) {
			if (!inCart.containsAll(bump.cartContains())
					|| !bump.when().test(context.attributes(),
							(product) -> this.eligibility.owns(customerId, existing, product))) {
				continue;
			}
			Offer open = open(existing, bump.id());
			Offer offer = (open != null) ? open : show(customerId, bump, inCart, context, existing);
			if (offer != null && !inCart.contains(offer.productId())) {
				shown.add(offer);
			}
		}
		return shown;
	}

	/**
	 * Creates the checkout session of a cart with the bumps the customer ticked as its lines; the bumps shown but not
	 * ticked are declined. Asked again (a double click, another tab), it answers the session made first.
	 * @param customerId the customer
	 * @param cart the host's cart
	 * @param ticked the ids of the bump offers ticked
	 * @param metadata the host's metadata for the checkout, if any
	 * @return the session, with its {@code checkout_url}
	 * @throws OfferNotFoundException for a ticked id that is not one of the customer's bumps
	 * @throws OfferGoneException for a ticked bump that expired or was declined
	 * @throws DodoApiException when Dodo cannot make the session (nothing changed: ask again)
	 */
	public CheckoutSession checkout(String customerId, List<CartItem> cart, List<String> ticked,
			Map<String, String> metadata) {
		requireText(customerId, "customerId");
		Set<String> inCart = products(cart);
		List<Offer> added = new ArrayList<>();
		for (String offerId : new LinkedHashSet<>(ticked)) {
			Offer offer = this.transitions.repository()
				.findById(offerId)
				.filter((found) -> found.customerId().equals(customerId) && found.kind() == OfferKind.ORDER_BUMP)
				.orElseThrow(() -> new OfferNotFoundException(offerId));
			if (inCart.contains(offer.productId())) {
				throw new IllegalArgumentException("A ticked bump's product is in the cart already");
			}
			// its price was for the cart it was shown beside: never beside another one
			boolean beside = this.bumps.stream()
				.anyMatch((bump) -> bump.id().equals(offer.ruleId()) && inCart.containsAll(bump.cartContains()));
			if (!beside) {
				throw new IllegalArgumentException("A ticked bump is not beside the cart it was shown for");
			}
			added.add(offer);
		}
		CheckoutSession earlier = sessionMadeBefore(added);
		if (earlier != null) {
			return earlier;
		}
		for (Offer offer : added) {
			if (offer.status() != OfferStatus.PRESENTED || offer.isExpiredAt(this.transitions.now())) {
				throw new OfferGoneException(this.transitions.expire(offer));
			}
		}
		List<CartItem> lines = new ArrayList<>(cart);
		List<String> codes = new ArrayList<>();
		for (Offer offer : added) {
			lines.add(new CartItem(offer.productId(), offer.quantity(), offer.details().cartAmount()));
			if (offer.details().discountCode() != null) {
				codes.add(offer.details().discountCode());
			}
		}
		Map<String, String> sessionMetadata = new LinkedHashMap<>(metadata);
		sessionMetadata.remove("offer_id");
		if (!added.isEmpty()) {
			sessionMetadata.put(BUMPS_METADATA, String.join(",", added.stream().map(Offer::id).toList()));
		}
		CheckoutSession session = this.dodo.createCheckoutSession(new CheckoutSessionRequest(lines,
				CustomerRef.existing(customerId), null, null, this.returnUrl, null, sessionMetadata, null, null, null,
				null, codes));
		CheckoutSession answer = session;
		for (Offer offer : added) {
			Offer after = this.transitions.apply(offer, OfferTransition.redirected(session, "ORDER_BUMP"));
			if (after.checkoutSessionId() != null && !after.checkoutSessionId().equals(session.sessionId())) {
				// a concurrent checkout of the same bumps made its session first: that one is the customer's
				answer = new CheckoutSession(after.checkoutSessionId(), after.checkoutUrl(), null, null, null);
			}
		}
		Set<String> addedIds = new LinkedHashSet<>(added.stream().map(Offer::id).toList());
		this.transitions.repository()
			.findByCustomer(customerId)
			.stream()
			.filter((offer) -> offer.kind() == OfferKind.ORDER_BUMP && offer.status() == OfferStatus.PRESENTED
					&& !addedIds.contains(offer.id()))
			.forEach((offer) -> this.transitions.apply(offer, OfferTransition.declined()));
		return answer;
	}

	/**
	 * The webhook handler converting the bumps of a paid checkout ({@code payment.succeeded} naming them in
	 * {@link #BUMPS_METADATA}); a replay changes nothing.
	 * @return the handler
	 */
	public Consumer<DodoEvent> paymentHandler() {
		return (event) -> {
			if (event instanceof DodoEvent.PaymentSucceeded succeeded) {
				Object bumps = succeeded.payment().metadata().get(BUMPS_METADATA);
				if (bumps != null) {
					for (String offerId : bumps.toString().split(",")) {
						this.settlement.paymentSucceeded(offerId.trim(), succeeded.payment());
					}
				}
			}
		};
	}

	/**
	 * The bumps configured.
	 * @return the bumps
	 */
	public List<OrderBump> bumps() {
		return this.bumps;
	}

	private @Nullable Offer show(String customerId, OrderBump bump, Set<String> inCart, PurchaseContext context,
			List<Offer> existing) {
		OfferDetails details = OfferDetails.atStep(bump.id(), ChargeMethod.CHECKOUT_SESSION);
		String productId = bump.productId();
		Long amount = null;
		String text = bump.displayText();
		Experiment experiment = bump.experiment();
		if (experiment != null) {
			VariantAssignment.Assignment assignment = this.arms.assign(experiment, customerId);
			if (assignment.heldOut()) {
				this.transitions.heldOut(new OfferHeldOut(customerId, bump.id(), bump.id(), OfferKind.ORDER_BUMP,
						experiment.id(), TRIGGER));
				return null;
			}
			Variant variant = Objects.requireNonNull(assignment.variant());
			productId = (variant.productId() != null) ? variant.productId() : productId;
			amount = variant.amount();
			text = (variant.displayText() != null) ? variant.displayText() : text;
			details = details.inExperiment(experiment.id(), variant.id(), text);
		}
		else if (text != null) {
			details = details.showing(text);
		}
		if (inCart.contains(productId)
				|| !this.eligibility.mayPresent(customerId, existing, bump.id(), bump.id(), productId)) {
			return null;
		}
		OfferRule rule = new OfferRule(bump.id(), TRIGGER, productId, OfferKind.ORDER_BUMP, bump.quantity(), null,
				ChargeMethod.CHECKOUT_SESSION);
		Offer offer = this.creation.create(customerId, rule, OfferKind.ORDER_BUMP, productId, amount,
				new OfferCreation.Trigger(null, TRIGGER, null), this.creation.withPurchaseBilling(context).attributes(),
				details, bump.discount());
		if (offer == null) {
			// another tab or instance showed it first: that one
			return open(this.transitions.repository().findByCustomer(customerId), bump.id());
		}
		logger.debug("Order bump " + bump.id() + " shown as offer " + offer.id());
		return offer;
	}

	private @Nullable CheckoutSession sessionMadeBefore(List<Offer> added) {
		if (added.isEmpty() || added.stream().anyMatch((offer) -> offer.status() != OfferStatus.REDIRECTED)) {
			return null;
		}
		String sessionId = added.get(0).checkoutSessionId();
		boolean same = sessionId != null
				&& added.stream().allMatch((offer) -> sessionId.equals(offer.checkoutSessionId()));
		return same ? new CheckoutSession(sessionId, added.get(0).checkoutUrl(), null, null, null) : null;
	}

	private @Nullable Offer open(List<Offer> offers, String bumpId) {
		return offers.stream()
			.filter((offer) -> offer.ruleId().equals(bumpId) && offer.kind() == OfferKind.ORDER_BUMP
					&& offer.status() == OfferStatus.PRESENTED && !offer.isExpiredAt(this.transitions.now()))
			.findFirst()
			.orElse(null);
	}

	private static Set<String> products(List<CartItem> cart) {
		if (cart.isEmpty() || cart.size() > 20) {
			throw new IllegalArgumentException("A cart has 1 to 20 lines, the bumps ticked included");
		}
		Set<String> products = new LinkedHashSet<>();
		cart.forEach((line) -> products.add(line.productId()));
		return products;
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
