package dev.upsell.offer.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.upsell.catalog.Money;
import dev.upsell.catalog.OfferKind;
import dev.upsell.dodo.CheckoutSession;
import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PaymentStatus;
import dev.upsell.offer.AcceptedStep;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offer's state machine on its own: each named transition moves only from the states it names, so a late,
 * replayed or out-of-order event decided again after a lost race writes nothing instead of moving an offer back,
 * charging it twice or counting money twice.
 */
class OfferTransitionTests {

	private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");

	private static final Instant LATER = T0.plusSeconds(60);

	@Test
	void onlyAPresentedOfferCanBeClaimedForItsOneCharge() {
		Offer presented = offer(OfferStatus.PRESENTED, null);
		Offer charging = next(presented, OfferTransition.chargeSent());
		assertThat(charging.status()).isEqualTo(OfferStatus.ACCEPTED);
		assertThat(charging.step()).isEqualTo(AcceptedStep.CHARGING);
		assertThat(OfferTransition.chargeSent().next(charging, LATER)).as("a second click's claim").isNull();
		assertThat(OfferTransition.planChangeSent().next(charging, LATER)).isNull();
		assertThat(OfferTransition.declined().next(charging, LATER)).as("declining an offer being charged").isNull();
	}

	@Test
	void theChargesAnswerIsRecordedOnlyWhileTheChargeIsOut() {
		Offer charging = next(offer(OfferStatus.PRESENTED, null), OfferTransition.chargeSent());
		Offer processing = next(charging, OfferTransition.chargeAnswered("pay_1", "cks_1"));
		assertThat(processing.step()).isEqualTo(AcceptedStep.PAYMENT_PROCESSING);
		assertThat(processing.paymentId()).isEqualTo("pay_1");
		assertThat(next(charging, OfferTransition.chargeAnswered(null, null)).step())
			.as("an answer without a payment id").isEqualTo(AcceptedStep.OUTCOME_UNKNOWN);
		Offer converted = next(processing, OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
		assertThat(OfferTransition.chargeAnswered("pay_1", "cks_1").next(converted, LATER))
			.as("the webhook converted the offer before the charge call returned").isNull();
		assertThat(OfferTransition.outcomeUnknown().next(processing, LATER)).isNull();
	}

	@Test
	void threeDSecureIsAskedForOnlyOfAPaymentStillProcessing() {
		Offer processing = next(next(offer(OfferStatus.PRESENTED, null), OfferTransition.chargeSent()),
				OfferTransition.chargeAnswered("pay_1", null));
		Offer authenticating = next(processing, OfferTransition.actionRequired("https://bank/3ds"));
		assertThat(authenticating.step()).isEqualTo(AcceptedStep.ACTION_REQUIRED);
		assertThat(authenticating.checkoutUrl()).isEqualTo("https://bank/3ds");
		Offer converted = next(authenticating, OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
		assertThat(converted.checkoutUrl()).as("the authentication link goes with the step").isNull();
		assertThat(OfferTransition.actionRequired("https://bank/3ds").next(converted, LATER)).isNull();
	}

	@Test
	void aLateFailureNeverMovesAConvertedOfferBack() {
		Offer converted = next(offer(OfferStatus.ACCEPTED, "pay_1"),
				OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
		assertThat(converted.status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(converted.paidAmount()).isEqualTo(4900);
		Payment failed = payment("pay_1", PaymentStatus.FAILED);
		assertThat(OfferTransition.paymentFailed(failed, "CARD_DECLINED").next(converted, LATER)).isNull();
		assertThat(OfferTransition.unresolved("NO_PAYMENT_FOUND").next(converted, LATER)).isNull();
		assertThat(OfferTransition.noFallback("CARD_DECLINED").next(converted, LATER)).isNull();
		assertThat(OfferTransition.fallback(session(), "CARD_DECLINED").next(converted, LATER)).isNull();
		assertThat(OfferTransition.expired().next(converted, LATER)).isNull();
	}

	@Test
	void anotherPaymentsFailureDoesNotFailTheOffer() {
		Offer accepted = offer(OfferStatus.ACCEPTED, "pay_1");
		assertThat(OfferTransition.paymentFailed(payment("pay_other", PaymentStatus.FAILED), "CARD_DECLINED")
			.next(accepted, LATER)).isNull();
		assertThat(next(accepted, OfferTransition.paymentFailed(payment("pay_1", PaymentStatus.FAILED), "CARD_DECLINED"))
			.failureReason()).isEqualTo("CARD_DECLINED");
	}

	@Test
	void aSecondPaymentForAConvertedOfferChangesNothing() {
		Offer converted = next(offer(OfferStatus.ACCEPTED, "pay_1"),
				OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
		assertThat(OfferTransition.paid(payment("pay_2", PaymentStatus.SUCCEEDED)).next(converted, LATER)).isNull();
		assertThat(OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)).next(converted, LATER))
			.as("a replayed payment.succeeded").isNull();
		assertThat(OfferTransition.isSecondPayment(converted, payment("pay_2", PaymentStatus.SUCCEEDED))).isTrue();
	}

	@Test
	void aCustomerWhoPaidAfterTheOfferEndedStillGetsWhatTheyPaidFor() {
		for (OfferStatus ended : new OfferStatus[] { OfferStatus.EXPIRED, OfferStatus.DECLINED, OfferStatus.FAILED,
				OfferStatus.REDIRECTED }) {
			Offer paid = next(offer(ended, null), OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
			assertThat(paid.status()).as("paid after %s", ended).isEqualTo(OfferStatus.CONVERTED);
			assertThat(paid.paymentId()).isEqualTo("pay_1");
		}
	}

	@Test
	void aDeclinedChargeGetsTheCheckoutLinkWhicheverSawTheDeclineFirst() {
		CheckoutSession session = session();
		Offer fromAccepted = next(offer(OfferStatus.ACCEPTED, "pay_1"), OfferTransition.fallback(session, "CARD_DECLINED"));
		Offer failed = next(offer(OfferStatus.ACCEPTED, "pay_1"),
				OfferTransition.paymentFailed(payment("pay_1", PaymentStatus.FAILED), "CARD_DECLINED"));
		Offer fromFailed = next(failed, OfferTransition.fallback(session, "CARD_DECLINED"));
		assertThat(fromAccepted.status()).isEqualTo(fromFailed.status()).isEqualTo(OfferStatus.REDIRECTED);
		assertThat(fromAccepted.checkoutUrl()).isEqualTo(fromFailed.checkoutUrl()).isEqualTo("https://checkout/cks_9");
	}

	@Test
	void aRefundIsCountedOnceWhateverTimesItIsDecidedAgain() {
		Offer converted = next(offer(OfferStatus.ACCEPTED, "pay_1"),
				OfferTransition.paid(payment("pay_1", PaymentStatus.SUCCEEDED)));
		Offer refunded = next(converted, OfferTransition.refundCounted(1000));
		assertThat(refunded.refundedAmount()).isEqualTo(1000);
		assertThat(OfferTransition.refundCounted(1000).next(refunded, LATER)).as("the same total again").isNull();
		assertThat(next(refunded, OfferTransition.refundCounted(2500)).refundedAmount()).isEqualTo(2500);
		assertThat(OfferTransition.refundCounted(1000).next(offer(OfferStatus.FAILED, "pay_1"), LATER))
			.as("nothing was taken").isNull();
	}

	@Test
	void onlyAPresentedOfferPastItsExpiryOrARedirectedOneExpires() {
		Offer presented = offer(OfferStatus.PRESENTED, null);
		assertThat(OfferTransition.expired().next(presented, T0.plusSeconds(10))).isNull();
		assertThat(next(presented, OfferTransition.expired(), T0.plusSeconds(3600)).status())
			.isEqualTo(OfferStatus.EXPIRED);
		assertThat(next(offer(OfferStatus.REDIRECTED, null), OfferTransition.expired()).status())
			.isEqualTo(OfferStatus.EXPIRED);
		assertThat(OfferTransition.expired().next(offer(OfferStatus.ACCEPTED, "pay_1"), T0.plusSeconds(3600))).isNull();
	}

	@Test
	void aPlanChangeRecordsItsPaymentOnceAndConvertsWhenTheSubscriptionIsOnThePlan() {
		Offer sent = next(offer(OfferStatus.PRESENTED, null), OfferTransition.planChangeSent());
		assertThat(sent.step()).isEqualTo(AcceptedStep.PLAN_CHANGE_SENT);
		Offer waiting = next(sent, OfferTransition.planChangePaymentSent("pay_1", "https://pay/link", true));
		assertThat(waiting.step()).isEqualTo(AcceptedStep.ACTION_REQUIRED);
		assertThat(OfferTransition.planChangePaymentSent("pay_1", "https://pay/link", true).next(waiting, LATER))
			.isNull();
		assertThat(next(sent, OfferTransition.planChanged()).status()).isEqualTo(OfferStatus.CONVERTED);
		assertThat(next(sent, OfferTransition.planChangeRefused("PLAN_NOT_ALLOWED")).failureReason())
			.isEqualTo("PLAN_NOT_ALLOWED");
	}

	private static Offer next(Offer offer, OfferTransition transition) {
		return next(offer, transition, LATER);
	}

	private static Offer next(Offer offer, OfferTransition transition, Instant now) {
		Offer next = transition.next(offer, now);
		assertThat(next).as("%s from %s", transition, offer.status()).isNotNull();
		return next;
	}

	private static Offer offer(OfferStatus status, @Nullable String paymentId) {
		return new Offer("off_1", "cus_1", "rule_1", OfferKind.UPSELL, "prod_1", 1, new Money(4900, "USD"), status,
				(status == OfferStatus.ACCEPTED) ? AcceptedStep.PAYMENT_PROCESSING : null, 3, T0, T0.plusSeconds(1800),
				T0, null, null, null, paymentId, null, null, null, 0, 0, Map.of());
	}

	private static Payment payment(String id, PaymentStatus status) {
		return new Payment(id, status, 4900, "USD", null, null, null, null, null, null, null, null, null, T0, null,
				null);
	}

	private static CheckoutSession session() {
		return new CheckoutSession("cks_9", "https://checkout/cks_9", null, null, null);
	}

}
