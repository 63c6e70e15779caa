package dev.upsell.offer.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferDiscount;
import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.Product;
import dev.upsell.dodo.internal.LogText;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferDetails;
import dev.upsell.offer.OfferStatus;

/**
 * Makes new offers: reads the product's price from Dodo (the price shown is the price charged, after the
 * product's discount; a tax-exclusive price is flagged), gives the offer an unguessable id and stores it,
 * at most one open offer per customer and rule. Usage-based products are never offered. Thread-safe.
 */
public final class OfferCreation {

	private static final Log logger = LogFactory.getLog(OfferCreation.class);

	private final OfferTransitions transitions;

	private final DodoClient dodo;

	private final Duration ttl;

	private final SecureRandom random = new SecureRandom();

	/** Products (and product@amount) already reported as not offerable (logged once each). */
	private final OfferPricing pricing;

	private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

	private final OfferDiscounts discounts;

	/**
	 * Creates the offer maker.
	 * @param transitions stores and publishes the offers
	 * @param dodo reads product prices and purchase payments
	 * @param ttl how long a presented offer can be accepted
	 */
	public OfferCreation(OfferTransitions transitions, DodoClient dodo, Duration ttl) {
		this(transitions, dodo, ttl, new OfferPricing(dodo, false));
	}

	/**
	 * Creates the offer maker.
	 * @param transitions stores and publishes the offers
	 * @param dodo reads product prices and purchase payments
	 * @param ttl how long a presented offer can be accepted
	 * @param pricing prices an offer by Dodo's checkout preview, when the purchase's billing address is known
	 */
	public OfferCreation(OfferTransitions transitions, DodoClient dodo, Duration ttl, OfferPricing pricing) {
		this.transitions = transitions;
		this.dodo = dodo;
		this.ttl = ttl;
		this.pricing = pricing;
		this.discounts = new OfferDiscounts(dodo, transitions::now);
	}

	/**
	 * Presents one offer.
	 * @param customerId who it is for
	 * @param rule the rule making it
	 * @param kind what it sells
	 * @param productId the product offered
	 * @param trigger the purchase that triggered it: its product and reference, and the declined offer a
	 * downsell replaces
	 * @param context the host's attributes
	 * @return the offer; {@code null} when the product cannot be offered or the customer has an open offer of
	 * this rule already
	 * @throws DodoApiException when the product's price cannot be read
	 */
	public @Nullable Offer create(String customerId, OfferRule rule, OfferKind kind, String productId, Trigger trigger,
			Map<String, String> context) {
		return create(customerId, rule, kind, productId, null, trigger, context, OfferDetails.NONE);
	}

	/**
	 * Presents one offer, optionally at another price per unit than the product's (an experiment's variant).
	 * Dodo honours a cart line's {@code amount} for pay-what-you-want products only, at or above their minimum:
	 * another product's offer at another price is not presented (and said once in the log), rather than shown
	 * at one price and charged at another.
	 * @param customerId who it is for
	 * @param rule the rule making it
	 * @param kind what it sells
	 * @param productId the product offered
	 * @param unitAmount the price per unit in minor units, or {@code null} for the product's own
	 * @param trigger the purchase that triggered it
	 * @param context the host's attributes
	 * @param details the step's: funnel step, experiment, variant, charge method (the price's are set here)
	 * @return the offer; {@code null} when the product cannot be offered (at this price) or the customer has an
	 * open offer of this rule already
	 * @throws DodoApiException when the product's price cannot be read
	 */
	public @Nullable Offer create(String customerId, OfferRule rule, OfferKind kind, String productId,
			@Nullable Long unitAmount, Trigger trigger, Map<String, String> context, OfferDetails details) {
		return create(customerId, rule, kind, productId, unitAmount, trigger, context, details, null);
	}

	/**
	 * Presents one offer with a Dodo discount: its price is the discounted one (Dodo's preview with the code, or the
	 * share taken off the list price when previews are off), the price without it is kept beside, and accepting sends
	 * the code. A dashboard code Dodo no longer accepts (expired, used up, for other products) leaves the offer at its
	 * full price, said once in the log; a code made per offer that cannot be made leaves the offer unshown.
	 * @param customerId who it is for
	 * @param rule the rule making it
	 * @param kind what it sells
	 * @param productId the product offered
	 * @param unitAmount the price per unit in minor units, or {@code null} for the product's own
	 * @param trigger the purchase that triggered it
	 * @param context the host's attributes
	 * @param details the step's details
	 * @param discount the discount, or {@code null}
	 * @return the offer; {@code null} when it cannot be offered or the customer has an open offer of this rule
	 * @throws DodoApiException when the product's price cannot be read
	 */
	public @Nullable Offer create(String customerId, OfferRule rule, OfferKind kind, String productId,
			@Nullable Long unitAmount, Trigger trigger, Map<String, String> context, OfferDetails details,
			@Nullable OfferDiscount discount) {
		Product product;
		try {
			product = this.dodo.getProduct(productId);
		}
		catch (DodoApiException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
			// one step naming a product Dodo does not know must not hide the others
			if (this.refusalsLogged.add(productId + "@404")) {
				logger.error("Product " + LogText.id(productId) + " of rule " + rule.id() + " is not known to Dodo "
						+ "(404); its offers are skipped");
			}
			return null;
		}
		if (product.price().isUsageBased()) {
			if (this.refusalsLogged.add(productId)) {
				logger.warn("Product " + productId + " has a usage-based price and cannot be offered (rule " + rule.id()
						+ "); its offers are skipped");
			}
			return null;
		}
		if (unitAmount != null && (!Boolean.TRUE.equals(product.price().payWhatYouWant())
				|| unitAmount < product.price().price())) {
			if (this.refusalsLogged.add(productId + "@" + unitAmount)) {
				logger.warn("Product " + productId + " cannot be offered at " + unitAmount + " (rule " + rule.id()
						+ "): Dodo charges a cart amount only for pay-what-you-want products, at or above their "
						+ "minimum; these offers are skipped");
			}
			return null;
		}
		long unit = (unitAmount != null) ? unitAmount : product.price().discountedPrice();
		Money price = new Money(Math.multiplyExact(unit, (long) rule.quantity()), product.price().currency());
		boolean taxExclusive = Boolean.FALSE.equals(product.price().taxInclusive());
		// a pay-what-you-want product needs the amount on its cart line (Dodo refuses it without one:
		// PAY_AS_YOU_WANT_AMOUNT_REQUIRED): the offer's own, else the product's minimum, the price shown
		Long cartAmount = (unitAmount != null || Boolean.TRUE.equals(product.price().payWhatYouWant())) ? unit : null;
		String id = newId();
		Instant now = this.transitions.now();
		Instant expiresAt = now.plus(this.ttl);
		Money previewed = previewedPrice(customerId, rule, productId, price, cartAmount, context, null);
		OfferDetails priced = details.pricedAt(cartAmount, taxExclusive && previewed == null, previewed != null);
		Money full = (previewed != null) ? previewed : price;
		price = full;
		if (discount != null) {
			OfferDiscounts.Applied applied = this.discounts.apply(id, discount, productId, full, expiresAt);
			if (applied == null && discount.code() == null) {
				return null;
			}
			if (applied != null) {
				Money discounted = (previewed != null)
						? previewedPrice(customerId, rule, productId, full, cartAmount, context, applied.code())
						: applied.localPrice();
				if (discounted != null && discounted.amount() < full.amount()) {
					price = discounted;
					priced = priced.discounted(applied.code(), full.amount());
				}
			}
		}
		Offer offer = new Offer(id, customerId, rule.id(), kind, productId, rule.quantity(), price,
				OfferStatus.PRESENTED, null, 0, now, expiresAt, now, trigger.productId(), trigger.reference(),
				trigger.parentOfferId(), null, null, null, null, 0, 0, OfferDetails.purchaseOf(context), null, priced);
		if (!this.transitions.insert(offer)) {
			// a concurrent purchase (or another instance) presented this rule's offer first
			return null;
		}
		logger.info("Presented " + kind.tag() + " offer " + offer.id() + " (rule " + rule.id() + ", product "
				+ productId + ") to customer " + customerId);
		return offer;
	}

	/**
	 * The purchase's context with its billing address: the one the host gave, else the {@code billing} of the
	 * Dodo payment it named (read once here, so accepting needs no extra call). A payment that cannot be read
	 * leaves the offer without an address: it is then charged as a one-time payment.
	 * @param context the purchase's context
	 * @return the context with the address, when one is known
	 */
	public PurchaseContext withPurchaseBilling(PurchaseContext context) {
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
	 * The price Dodo's checkout preview gives this offer's cart for the purchase's billing address, all included;
	 * {@code null} when previews are off, no address is known, or Dodo cannot preview it (the list price is shown
	 * then, and said once in the log).
	 */
	private @Nullable Money previewedPrice(String customerId, OfferRule rule, String productId, Money listPrice,
			@Nullable Long cartAmount, Map<String, String> attributes, @Nullable String discountCode) {
		BillingAddress address = PurchaseContext.billingAddressOf(attributes);
		if (!this.pricing.enabled() || address == null) {
			return null;
		}
		OneClickCharge charge = new OneClickCharge(customerId, productId, rule.quantity(), listPrice.currency(),
				Map.of(), rule.chargeWith(), address, cartAmount, discountCode);
		try {
			return this.pricing.preview(charge).orElse(null);
		}
		catch (DodoApiException ex) {
			if (this.refusalsLogged.add(productId + "@preview")) {
				logger.warn("Dodo could not preview the price of product " + LogText.id(productId) + " (rule "
						+ rule.id() + "): " + ex.getMessage() + "; its offers show the list price");
			}
			return null;
		}
	}

	private String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return "off_" + HexFormat.of().formatHex(bytes);
	}

	/**
	 * What made an offer.
	 *
	 * @param productId the product whose purchase triggered it, if any
	 * @param reference the host's order or payment id of that purchase, or the subscription of a plan offer
	 * @param parentOfferId for a downsell, the declined offer it replaces
	 */
	public record Trigger(@Nullable String productId, @Nullable String reference, @Nullable String parentOfferId) {
	}

}
