package dev.upsell.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.upsell.dodo.PaymentStatus;
import dev.upsell.dodo.Rfc3339Time;
import dev.upsell.dodo.Subscription;
import dev.upsell.webhook.internal.MalformedWebhookException;
import dev.upsell.webhook.internal.WebhookMeta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DodoEventParserTests {

	private static final String PAYMENT = """
			{"payload_type":"Payment","payment_id":"pay_1","status":"succeeded","total_amount":9900,"currency":"USD",
			 "metadata":{"offer_id":"off_1"},"created_at":"2026-11-24T10:00:00.123Z","brand_new_field":[1,{"x":2}]}""";

	private final DodoEventParser parser = new DodoEventParser();

	@Test
	void aPaymentEventIsTypedWithItsEnvelope() {
		DodoEvent event = parse("""
				{"business_id":"bus_1","type":"payment.succeeded","timestamp":"2026-11-24T10:00:01Z","data":%s}"""
			.formatted(PAYMENT));
		assertThat(event).isInstanceOf(DodoEvent.PaymentSucceeded.class);
		DodoEvent.PaymentSucceeded succeeded = (DodoEvent.PaymentSucceeded) event;
		assertThat(succeeded.meta()).isEqualTo(new WebhookMeta("msg_1", "payment.succeeded", "bus_1",
				Instant.parse("2026-11-24T10:00:01Z")));
		assertThat(succeeded.payment().paymentId()).isEqualTo("pay_1");
		assertThat(succeeded.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(succeeded.payment().totalAmount()).isEqualTo(9900);
		assertThat(succeeded.payment().createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
		assertThat(succeeded.offerId()).contains("off_1");
	}

	@Test
	void aPaymentWhoseTimesLackAZoneIsReadAsUtcNotRefusedOnEveryRetry() {
		DodoEvent event = parse("""
				{"business_id":"bus_1","type":"payment.succeeded","timestamp":"2026-11-24T10:00:01","data":%s}"""
			.formatted(PAYMENT.replace("2026-11-24T10:00:00.123Z", "2026-11-24T10:00:00.123")));
		DodoEvent.PaymentSucceeded succeeded = (DodoEvent.PaymentSucceeded) event;
		assertThat(succeeded.meta().timestamp()).isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
		assertThat(succeeded.payment().createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
	}

	@Test
	void dataBeforeTypeAndUnknownTopLevelFieldsReadTheSame() {
		DodoEvent event = parse("""
				{"data":%s,"extra":{"nested":[1,2,{"deep":true}]},"type":"payment.failed","business_id":"bus_1"}"""
			.formatted(PAYMENT));
		assertThat(event).isInstanceOf(DodoEvent.PaymentFailed.class);
		assertThat(((DodoEvent.PaymentFailed) event).payment().paymentId()).isEqualTo("pay_1");
		assertThat(event.meta().timestamp()).isNull();
	}

	@Test
	void everyKnownTypeHasItsRecord() {
		String subscription = """
				{"subscription_id":"sub_1","status":"active","product_id":"prod_pro","quantity":1,"currency":"USD",
				 "recurring_pre_tax_amount":8000}""";
		assertThat(parse(envelope("subscription.plan_changed", subscription)))
			.isInstanceOfSatisfying(DodoEvent.SubscriptionPlanChanged.class, (changed) -> {
				assertThat(changed.subscription().productId()).isEqualTo("prod_pro");
				assertThat(changed.subscription().status()).isEqualTo(Subscription.Status.ACTIVE);
			});
		assertThat(parse(envelope("subscription.active", subscription))).isInstanceOf(DodoEvent.SubscriptionActive.class);
		assertThat(parse(envelope("subscription.renewed", subscription)))
			.isInstanceOf(DodoEvent.SubscriptionRenewed.class);
		assertThat(parse(envelope("subscription.on_hold", subscription)))
			.isInstanceOf(DodoEvent.SubscriptionOnHold.class);
		assertThat(parse(envelope("subscription.cancelled", subscription)))
			.isInstanceOf(DodoEvent.SubscriptionCancelled.class);
		assertThat(parse(envelope("payment.processing", PAYMENT))).isInstanceOf(DodoEvent.PaymentProcessing.class);
		assertThat(parse(envelope("payment.cancelled", PAYMENT))).isInstanceOf(DodoEvent.PaymentCancelled.class);
		assertThat(parse(envelope("refund.succeeded", """
				{"refund_id":"ref_1","payment_id":"pay_1","amount":9900,"currency":"USD","status":"succeeded"}""")))
			.isInstanceOfSatisfying(DodoEvent.RefundSucceeded.class,
					(refund) -> assertThat(refund.refund().paymentId()).isEqualTo("pay_1"));
		String dispute = """
				{"dispute_id":"dsp_1","payment_id":"pay_1","amount":"%s","currency":"USD","dispute_status":"dispute_lost",
				 "dispute_stage":"dispute","business_id":"bus_1","created_at":"2026-11-24T10:00:00Z"}""";
		assertThat(parse(envelope("dispute.lost", dispute.formatted("9900"))))
			.isInstanceOfSatisfying(DodoEvent.DisputeLost.class, (lost) -> {
				assertThat(lost.dispute().paymentId()).isEqualTo("pay_1");
				assertThat(lost.dispute().amountInMinorUnits()).hasValue(9900);
			});
		assertThat(parse(envelope("dispute.accepted", dispute.formatted("99.00"))))
			.isInstanceOfSatisfying(DodoEvent.DisputeAccepted.class,
					(accepted) -> assertThat(accepted.dispute().amountInMinorUnits()).hasValue(9900));
		assertThat(parse(envelope("dispute.lost", dispute.formatted("lots"))))
			.isInstanceOfSatisfying(DodoEvent.DisputeLost.class,
					(lost) -> assertThat(lost.dispute().amountInMinorUnits()).isEmpty());
	}

	@Test
	void anUnknownTypeKeepsItsRawData() {
		DodoEvent event = parse(envelope("dispute.opened", "{\"dispute_id\":\"dsp_1\"}"));
		assertThat(event).isInstanceOfSatisfying(DodoEvent.UnknownDodoEvent.class,
				(unknown) -> assertThat(unknown.data().path("dispute_id").asString()).isEqualTo("dsp_1"));
		assertThat(event.type()).isEqualTo("dispute.opened");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[]", "\"text\"", "{}", "{\"type\":\"payment.succeeded\"}",
			"{\"data\":{}}", "{\"type\":7,\"data\":{}}", "{\"type\":\"payment.succeeded\",\"data\":[]}",
			"{\"type\":\"x.y\",\"data\":{}} {}", "{\"type\":\"x.y\",\"data\":{}",
			"{\"type\":\"payment.succeeded\",\"type\":\"refund.succeeded\",\"data\":{}}",
			"{\"type\":\"x.y\",\"data\":{},\"data\":{}}",
			"{\"type\":\"payment.succeeded\",\"data\":{\"total_amount\":\"lots\"}}" })
	void aBodyThatIsNotOneEventIsMalformed(String body) {
		assertThatExceptionOfType(MalformedWebhookException.class).isThrownBy(() -> parse(body));
	}

	@Test
	void timestampsInEveryRfc3339FormAreRead() {
		assertThat(Rfc3339Time.parse("2026-11-24T10:00:01Z")).isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
		assertThat(Rfc3339Time.parse("2026-11-24T10:00:01.5Z"))
			.isEqualTo(Instant.parse("2026-11-24T10:00:01.500Z"));
		assertThat(Rfc3339Time.parse("2026-11-24T10:00:01.123456789Z"))
			.isEqualTo(Instant.parse("2026-11-24T10:00:01.123456789Z"));
		assertThat(Rfc3339Time.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
		assertThat(Rfc3339Time.parse("2026-11-24T12:00:01+02:00"))
			.isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
		assertThat(Rfc3339Time.parse("2026-02-30T10:00:01Z")).isNull();
		// without a zone: read as UTC (Dodo writes UTC), not refused on every retry
		assertThat(Rfc3339Time.parse("2026-11-24T10:00:01")).isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
		assertThat(Rfc3339Time.parse("2026-11-24T10:00:01.250")).isEqualTo(Instant.parse("2026-11-24T10:00:01.250Z"));
		assertThat(Rfc3339Time.parse("2026-11-24T24:00:01Z")).isNull();
		assertThat(Rfc3339Time.parse("yesterday")).isNull();
		assertThat(Rfc3339Time.parse(null)).isNull();
	}

	private DodoEvent parse(String body) {
		return this.parser.parse("msg_1", body.getBytes(StandardCharsets.UTF_8));
	}

	private static String envelope(String type, String data) {
		return "{\"business_id\":\"bus_1\",\"type\":\"" + type + "\",\"timestamp\":\"2026-11-24T10:00:01Z\",\"data\":"
				+ data + "}";
	}

}
