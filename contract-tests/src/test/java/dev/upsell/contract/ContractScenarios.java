package dev.upsell.contract;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.upsell.dodo.BillingAddress;
import dev.upsell.dodo.CartItem;
import dev.upsell.dodo.CheckoutPreview;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.CheckoutSessionRequest;
import dev.upsell.dodo.CustomerRef;
import dev.upsell.dodo.Discount;
import dev.upsell.dodo.DiscountRequest;
import dev.upsell.dodo.DodoApiException;
import dev.upsell.dodo.DodoClient;
import dev.upsell.dodo.EffectiveAt;
import dev.upsell.dodo.FeatureFlags;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentQuery;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.dodo.PlanChangeRequest;
import dev.upsell.dodo.PlanChangeResult;
import dev.upsell.dodo.ProrationMode;
import dev.upsell.dodo.Subscription;
import dev.upsell.dodo.SubscriptionUpdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The scenarios dodo-upsell relies on, each run against a {@link DodoTarget}. Each records what Dodo answered
 * (for the report) and asserts only what the library relies on; the simulator guesses each one checks are named in
 * {@link #GUESSES} and in {@code docs/simulator.md}.
 */
final class ContractScenarios {

	/** A full billing address, as Dodo's docs ask of a confirmed checkout session. */
	static final BillingAddress FULL_ADDRESS = new BillingAddress("US", "San Francisco", "CA", "1 Market St", "94105");

	/** The scenarios, by name, in the order they run. */
	static final Map<String, Scenario> ALL = scenarios();

	/** The simulator guesses (rows of docs/simulator.md marked "yes") each scenario confirms or refutes. */
	static final Map<String, List<String>> GUESSES = Map.ofEntries(
			Map.entry("one-click-full-address", List.of("G1 saved card charged by a confirmed session")),
			Map.entry("one-click-minimal-address", List.of("G2 minimal_address needs country and zipcode only")),
			Map.entry("one-click-without-address", List.of("G3 a confirmed session without an address is 422 INVALID_REQUEST")),
			Map.entry("declined-card", List.of("G4 a decline is a failed payment with error_code, not an API error")),
			Map.entry("three-d-secure", List.of("G5 3-D Secure waits in requires_customer_action with no link")),
			Map.entry("fallback-checkout", List.of("G7 a session without a method gives a checkout_url")),
			Map.entry("checkout-preview", List.of("G8 the preview's refusals and figures match the charge")),
			Map.entry("plan-change", List.of("G9 proration figures (rounding half up)",
					"G10 a scheduled change shows in scheduled_change", "G11 a pending change answers 409")),
			Map.entry("plan-change-with-addons", List.of("G18 addons are billed with the plan and kept only when sent")),
			Map.entry("subscription-update", List.of("G19 pause and resume sent alone; a cancellation at the period's "
					+ "end keeps the subscription active with its feedback, and taking it back clears both")),
			Map.entry("retention-discount", List.of("G20 a single-use code made by POST /discounts is uppercased and "
					+ "found by its code; a change-plan to the same plan with do_not_bill carries it to the "
					+ "subscription's discounts without charging now")),
			Map.entry("offer-discount", List.of("G21 a single-use code for one product, expiring with the offer, takes "
					+ "its share off that product's checkout preview (current_breakup.discount) and off the one-click "
					+ "charge, once; a second use is refused")),
			Map.entry("refund", List.of("G12 a refund's status and refund.succeeded")),
			Map.entry("paging-and-errors", List.of("G13 404 NOT_FOUND with {code, message}",
					"G14 bad paging is 422", "G15 405 for a wrong method")),
			Map.entry("webhooks", List.of("G16 delivery order, duplicates and latest-state payloads",
					"G17 webhook-timestamp in seconds, envelope timestamp RFC 3339")));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ContractScenarios() {
	}

	/** A scenario: runs against a target and says, in one line, what Dodo answered. */
	@FunctionalInterface
	interface Scenario extends Function<DodoTarget, String> {

	}

	private static Map<String, Scenario> scenarios() {
		Map<String, Scenario> all = new LinkedHashMap<>();
		all.put("one-click-full-address", (target) -> oneClick(target, FULL_ADDRESS, null));
		all.put("one-click-minimal-address",
				(target) -> oneClick(target, new BillingAddress("US", null, null, null, "94105"), Boolean.TRUE));
		all.put("one-click-without-address", ContractScenarios::oneClickWithoutAddress);
		all.put("declined-card", ContractScenarios::declinedCard);
		all.put("three-d-secure", ContractScenarios::threeDSecure);
		all.put("fallback-checkout", ContractScenarios::fallbackCheckout);
		all.put("checkout-preview", ContractScenarios::checkoutPreview);
		all.put("plan-change", ContractScenarios::planChange);
		all.put("plan-change-with-addons", ContractScenarios::planChangeWithAddons);
		all.put("subscription-update", ContractScenarios::subscriptionUpdate);
		all.put("retention-discount", ContractScenarios::retentionDiscount);
		all.put("offer-discount", ContractScenarios::offerDiscount);
		all.put("refund", ContractScenarios::refund);
		all.put("paging-and-errors", ContractScenarios::pagingAndErrors);
		all.put("webhooks", ContractScenarios::webhooks);
		return all;
	}

	/** A one-click charge of the target's product on a saved method, with {@code offer_id} metadata. */
	static CheckoutSessionRequest confirmed(DodoTarget target, String customer, String method,
			BillingAddress address, Boolean minimal) {
		return new CheckoutSessionRequest(List.of(CartItem.of(target.fixture("product"), 1)),
				CustomerRef.existing(customer), method, true, null, null, Map.of("offer_id", "off_contract"), null,
				address, FeatureFlags.oneClick(), minimal);
	}

	/** Charges the saved card; the library relies on: a payment id, no checkout_url, the metadata echoed. */
	private static String oneClick(DodoTarget target, BillingAddress address, Boolean minimal) {
		DodoClient dodo = target.client();
		CheckoutSession session = dodo.createCheckoutSession(
				confirmed(target, target.fixture("customer"), target.fixture("method"), address, minimal));
		assertThat(session.paymentId()).as("confirm: true with a saved method creates the payment").isNotBlank();
		assertThat(session.checkoutUrl()).as("checkout_url is None when payment_method_id is provided").isNull();
		Payment payment = dodo.getPayment(session.paymentId());
		assertThat(payment.metadata()).containsEntry("offer_id", "off_contract");
		return "payment " + payment.status() + ", " + payment.totalAmount() + " " + payment.currency();
	}

	private static String oneClickWithoutAddress(DodoTarget target) {
		DodoClient dodo = target.client();
		CheckoutSessionRequest request = new CheckoutSessionRequest(List.of(CartItem.of(target.fixture("product"), 1)),
				CustomerRef.existing(target.fixture("customer")), target.fixture("method"), true, null, null,
				Map.of("offer_id", "off_contract"), null, null, FeatureFlags.oneClick());
		DodoApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(DodoApiException.class,
				() -> dodo.createCheckoutSession(request));
		assertThat(refused).as("Dodo's docs: all billing address fields are required when confirm is true").isNotNull();
		assertThat(refused.status()).isBetween(400, 499);
		return "refused " + refused.status() + " " + refused.code();
	}

	private static String declinedCard(DodoTarget target) {
		DodoClient dodo = target.client();
		CheckoutSession session = dodo.createCheckoutSession(confirmed(target, target.fixture("declining_customer"),
				target.fixture("declining_method"), FULL_ADDRESS, null));
		Payment payment = settled(dodo, session.paymentId());
		assertThat(payment.status()).isIn(PaymentStatus.FAILED, PaymentStatus.CANCELLED);
		assertThat(payment.errorCode()).as("a decline says why").isNotBlank();
		return "payment " + payment.status() + " " + payment.errorCode();
	}

	private static String threeDSecure(DodoTarget target) {
		DodoClient dodo = target.client();
		CheckoutSession session = dodo.createCheckoutSession(
				confirmed(target, target.fixture("sca_customer"), target.fixture("sca_method"), FULL_ADDRESS, null));
		assertThat(session.checkoutUrl()).as("no link with a saved method").isNull();
		assertThat(session.clientSecret()).as("the checkout SDK's client_secret").isNotBlank();
		Payment payment = dodo.getPayment(session.paymentId());
		assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_CUSTOMER_ACTION);
		return "payment " + payment.status() + ", publishable_key " + (session.publishableKey() != null);
	}

	private static String fallbackCheckout(DodoTarget target) {
		CheckoutSession session = target.client()
			.createCheckoutSession(new CheckoutSessionRequest(List.of(CartItem.of(target.fixture("product"), 1)),
					CustomerRef.existing(target.fixture("customer")), null, null, null, null,
					Map.of("offer_id", "off_contract"), null, null, null));
		assertThat(session.checkoutUrl()).as("a hosted page to pay at").isNotBlank();
		assertThat(session.paymentId()).as("no payment before the customer pays").isNull();
		return "checkout_url given";
	}

	private static String checkoutPreview(DodoTarget target) {
		CheckoutPreview preview = target.client()
			.previewCheckout(new CheckoutSessionRequest(List.of(CartItem.of(target.fixture("product"), 1)),
					CustomerRef.existing(target.fixture("customer")), null, null, null, null, null, null, FULL_ADDRESS,
					null, null));
		assertThat(preview.currency()).hasSize(3);
		assertThat(preview.currentBreakup().totalAmount()).isPositive();
		return preview.currentBreakup().totalAmount() + " " + preview.currency() + " (tax "
				+ preview.currentBreakup().tax() + ")";
	}

	/** An offer's own code: made for the product, previewed and charged with it once, refused the second time. */
	private static String offerDiscount(DodoTarget target) {
		DodoClient dodo = target.client();
		String product = target.fixture("product");
		String code = "UPC" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
		dodo.createDiscount(DiscountRequest.forOffer(code, 20, null, product,
				java.time.Instant.now().plus(java.time.Duration.ofMinutes(30)), Map.of("offer_id", "off_contract")));
		CheckoutSessionRequest previewed = new CheckoutSessionRequest(List.of(CartItem.of(product, 1)),
				CustomerRef.existing(target.fixture("customer")), null, null, null, null, null, null, FULL_ADDRESS, null,
				null, List.of(code));
		CheckoutPreview full = dodo.previewCheckout(new CheckoutSessionRequest(List.of(CartItem.of(product, 1)),
				CustomerRef.existing(target.fixture("customer")), null, null, null, null, null, null, FULL_ADDRESS, null,
				null));
		CheckoutPreview discounted = dodo.previewCheckout(previewed);
		assertThat(discounted.currentBreakup().discount()).as("the code's share, in the breakup").isPositive();
		assertThat(discounted.currentBreakup().totalAmount()).isLessThan(full.currentBreakup().totalAmount());
		CheckoutSessionRequest charge = new CheckoutSessionRequest(List.of(CartItem.of(product, 1)),
				CustomerRef.existing(target.fixture("customer")), target.fixture("method"), true, null, null,
				Map.of("offer_id", "off_contract"), null, FULL_ADDRESS, FeatureFlags.oneClick(), null, List.of(code));
		CheckoutSession session = dodo.createCheckoutSession(charge);
		Payment payment = dodo.getPayment(session.paymentId());
		assertThat(payment.totalAmount()).as("charged what the preview said").isEqualTo(
				discounted.currentBreakup().totalAmount());
		DodoApiException again = org.assertj.core.api.Assertions.catchThrowableOfType(DodoApiException.class,
				() -> dodo.createCheckoutSession(charge));
		assertThat(again).as("a single-use code is refused the second time").isNotNull();
		return full.currentBreakup().totalAmount() + " -> " + payment.totalAmount() + " " + payment.currency()
				+ "; again: " + again.status() + " " + again.code();
	}

	private static String planChange(DodoTarget target) {
		DodoClient dodo = target.client();
		String subscriptionId = target.fixture("subscription");
		Subscription before = dodo.getSubscription(subscriptionId);
		PlanChangeRequest upgrade = new PlanChangeRequest(target.fixture("upgrade_product"), 1,
				ProrationMode.PRORATED_IMMEDIATELY, EffectiveAt.IMMEDIATELY, null, before.addons(),
				Map.of("upsell_plan_change", subscriptionId), null);
		PlanChangePreview preview = dodo.previewPlanChange(subscriptionId, upgrade);
		assertThat(preview.immediateCharge().summary().currency()).isEqualTo(before.currency());
		dodo.changePlan(subscriptionId, upgrade);
		PlanChangeRequest downgrade = new PlanChangeRequest(target.fixture("downgrade_product"), 1,
				ProrationMode.FULL_IMMEDIATELY, EffectiveAt.NEXT_BILLING_DATE, null, before.addons(),
				Map.of("upsell_plan_change", subscriptionId), null);
		String scheduled;
		try {
			dodo.changePlan(subscriptionId, downgrade);
			scheduled = (dodo.getSubscription(subscriptionId).scheduledChange() != null) ? "scheduled" : "not shown";
		}
		catch (DodoApiException ex) {
			// the upgrade's charge may still be pending: Dodo answers 409 then (reference Subscriptions)
			assertThat(ex.status()).isEqualTo(409);
			scheduled = "409 " + ex.code();
		}
		return "upgrade charged " + preview.immediateCharge().summary().totalAmount() + ", downgrade " + scheduled;
	}

	/** Addons are priced into the change and the subscription keeps exactly the list sent. */
	private static String planChangeWithAddons(DodoTarget target) {
		DodoClient dodo = target.client();
		String subscriptionId = target.fixture("addon_subscription");
		String addon = target.fixture("addon");
		String plan = target.fixture("downgrade_product");
		PlanChangeRequest withAddon = new PlanChangeRequest(plan, 1, ProrationMode.DO_NOT_BILL, EffectiveAt.IMMEDIATELY,
				null, List.of(new PlanChangeRequest.Addon(addon, 2)), Map.of("upsell_plan_change", subscriptionId), null);
		PlanChangePreview preview = dodo.previewPlanChange(subscriptionId, withAddon);
		assertThat(preview.newPlan()).isNotNull();
		assertThat(preview.newPlan().recurringPreTaxAmount()).as("the addon is priced into the new plan")
			.isGreaterThan(dodo.getProduct(plan).price().price());
		dodo.changePlan(subscriptionId, withAddon);
		Subscription after = dodo.getSubscription(subscriptionId);
		assertThat(after.addons()).extracting(PlanChangeRequest.Addon::addonId).contains(addon);
		return "new plan " + preview.newPlan().recurringPreTaxAmount() + " with 2 × " + addon + ", kept: "
				+ after.addons().size();
	}

	/**
	 * What a retention flow relies on: a pause and its resume, a cancellation at the period's end with Dodo's
	 * feedback, and taking it back. Leaves the subscription as it found it (active, renewing).
	 */
	private static String subscriptionUpdate(DodoTarget target) {
		DodoClient dodo = target.client();
		String subscriptionId = target.fixture("retention_subscription");
		assertThat(dodo.updateSubscription(subscriptionId, SubscriptionUpdate.pause()).status())
			.isEqualTo(Subscription.Status.PAUSED);
		assertThat(dodo.updateSubscription(subscriptionId, SubscriptionUpdate.resume()).status())
			.isEqualTo(Subscription.Status.ACTIVE);
		Subscription leaving = dodo.updateSubscription(subscriptionId,
				SubscriptionUpdate.cancelAtPeriodEnd(SubscriptionUpdate.CancellationFeedback.TOO_EXPENSIVE, null));
		assertThat(leaving.status()).isEqualTo(Subscription.Status.ACTIVE);
		assertThat(leaving.cancelsAtPeriodEnd()).isTrue();
		Subscription kept = dodo.updateSubscription(subscriptionId, SubscriptionUpdate.keep());
		assertThat(kept.cancelsAtPeriodEnd()).isFalse();
		return "paused and resumed; cancel at period end with feedback " + leaving.cancellationFeedback()
				+ ", taken back (feedback now " + kept.cancellationFeedback() + ")";
	}

	/** What a retention discount relies on: the code made for the customer, then applied by a same-plan change. */
	private static String retentionDiscount(DodoTarget target) {
		DodoClient dodo = target.client();
		String subscriptionId = target.fixture("retention_subscription");
		Subscription before = dodo.getSubscription(subscriptionId);
		String code = "dukc" + Long.toString(System.currentTimeMillis(), 36);
		Discount made = dodo.createDiscount(DiscountRequest.singleUse(code, 10, 1, before.productId(),
				Map.of("retention_flow", "contract")));
		assertThat(made.code()).as("Dodo upper-cases codes").isEqualTo(code.toUpperCase(java.util.Locale.ROOT));
		assertThat(dodo.getDiscountByCode(made.code()).discountId()).isEqualTo(made.discountId());
		PlanChangeResult result = dodo.changePlan(subscriptionId,
				new PlanChangeRequest(before.productId(), before.quantity(), ProrationMode.DO_NOT_BILL,
						EffectiveAt.IMMEDIATELY, null, before.addons(), null, List.of(made.code())));
		assertThat(result.paymentId()).as("nothing charged now").isNull();
		Subscription after = dodo.getSubscription(subscriptionId);
		assertThat(after.discounts()).extracting(Subscription.AppliedDiscount::code).contains(made.code());
		// leave the fixture as it was: an empty list removes every discount
		dodo.changePlan(subscriptionId, new PlanChangeRequest(before.productId(), before.quantity(),
				ProrationMode.DO_NOT_BILL, EffectiveAt.IMMEDIATELY, null, before.addons(), null, List.of()));
		return "code " + made.type() + " " + made.amount() + " bp, applied by a same-plan change: discounts "
				+ after.discounts().size() + ", cycles remaining " + after.discounts().get(0).cyclesRemaining();
	}

	private static String refund(DodoTarget target) {
		DodoClient dodo = target.client();
		CheckoutSession session = dodo.createCheckoutSession(
				confirmed(target, target.fixture("customer"), target.fixture("method"), FULL_ADDRESS, null));
		Payment paid = settled(dodo, session.paymentId());
		assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		if (target.simulator() != null) {
			target.simulator().refund(paid.paymentId(), 100L);
		}
		else {
			JsonNode refund = post(target, "/refunds",
					"{\"payment_id\":\"" + paid.paymentId() + "\",\"reason\":\"dodo-upsell contract\"}");
			assertThat(refund.path("refund_id").asString()).isNotBlank();
		}
		Payment refunded = dodo.getPayment(paid.paymentId());
		assertThat(refunded.refunds()).isNotEmpty();
		return "refunds " + refunded.refunds().size();
	}

	private static String pagingAndErrors(DodoTarget target) {
		DodoClient dodo = target.client();
		List<Payment> page = dodo.listPayments(
				new PaymentQuery(target.fixture("customer"), null, null, null, null, null, 0, 1));
		assertThat(page).hasSizeLessThanOrEqualTo(1);
		assertThatExceptionOfType(DodoApiException.class).isThrownBy(() -> dodo.getPayment("pay_contract_missing"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).as("an error body has a code").isNotBlank();
			});
		int badPage = status(target, "GET", "/payments?page_size=1000");
		int wrongMethod = status(target, "DELETE", "/payments");
		assertThat(badPage).isBetween(400, 499);
		return "page of " + page.size() + ", 404 with code, page_size=1000 -> " + badPage + ", DELETE -> " + wrongMethod;
	}

	private static String webhooks(DodoTarget target) {
		org.junit.jupiter.api.Assumptions.assumeTrue(target.simulator() != null,
				"needs a public webhook URL pointed at a receiver: see README (run the sample app against test mode)");
		return WebhookRecording.check(target.simulator(), target);
	}

	/** Reads a payment until it leaves processing (late settlement), bounded. */
	static Payment settled(DodoClient dodo, String paymentId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Payment payment = dodo.getPayment(paymentId);
		while (!payment.status().isFinal() && payment.status() != PaymentStatus.REQUIRES_CUSTOMER_ACTION
				&& System.nanoTime() < deadline) {
			sleep(500);
			payment = dodo.getPayment(paymentId);
		}
		return payment;
	}

	private static JsonNode post(DodoTarget target, String path, String body) {
		try {
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(target.baseUrl().resolve(path))
					.header("Authorization", "Bearer " + target.apiKey())
					.header("content-type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(path + ": " + answer.body()).isBetween(200, 299);
			return JSON.readTree(answer.body());
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(path + " could not be called", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted");
		}
	}

	private static int status(DodoTarget target, String method, String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(target.baseUrl().resolve(path))
					.header("Authorization", "Bearer " + target.apiKey())
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(path + " could not be called", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted");
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
