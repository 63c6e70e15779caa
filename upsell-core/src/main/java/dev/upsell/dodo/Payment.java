package dev.upsell.dodo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A payment, as returned by {@code GET /payments/{id}}, listed by {@code GET /payments} and carried by
 * {@code payment.*} webhooks. Only the fields dodo-upsell uses are mapped; others are ignored.
 *
 * @param paymentId the payment id
 * @param status its status; {@link PaymentStatus#UNKNOWN} when Dodo sent none (the SDK types it optional and
 * nullable): not settled yet, never an error
 * @param totalAmount total in minor units
 * @param currency ISO 4217 currency
 * @param customer the customer
 * @param metadata metadata given when the payment was created (carries {@code offer_id} for offers)
 * @param checkoutSessionId the checkout session that created it, if any
 * @param subscriptionId the subscription it belongs to, if any
 * @param paymentMethodId the method charged
 * @param cardLastFour last four digits of the card charged
 * @param cardNetwork network of the card charged
 * @param errorCode why it failed, e.g. {@code CARD_DECLINED}
 * @param errorMessage Dodo's text for the failure
 * @param createdAt when it was created
 * @param billing the buyer's billing address, on a payment read by id (list items have none)
 * @param refunds the payment's refunds, on a payment read by id ({@code null} when Dodo sent none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Payment(String paymentId, PaymentStatus status, long totalAmount, String currency,
		@Nullable PaymentCustomer customer, @Nullable Map<String, String> metadata, @Nullable String checkoutSessionId,
		@Nullable String subscriptionId, @Nullable String paymentMethodId, @Nullable String cardLastFour,
		@Nullable String cardNetwork, @Nullable String errorCode, @Nullable String errorMessage,
		@Nullable Instant createdAt, @Nullable BillingAddress billing, @Nullable List<RefundItem> refunds) {

	/** Reads a missing status as {@link PaymentStatus#UNKNOWN}. */
	public Payment {
		status = (status != null) ? status : PaymentStatus.UNKNOWN;
	}

	/**
	 * A payment without its refunds listed (a webhook's or a list's).
	 * @param paymentId the payment id
	 * @param status its status
	 * @param totalAmount total in minor units
	 * @param currency ISO 4217 currency
	 * @param customer the customer
	 * @param metadata metadata
	 * @param checkoutSessionId the checkout session that created it, if any
	 * @param subscriptionId the subscription it belongs to, if any
	 * @param paymentMethodId the method charged
	 * @param cardLastFour last four digits of the card charged
	 * @param cardNetwork network of the card charged
	 * @param errorCode why it failed
	 * @param errorMessage Dodo's text for the failure
	 * @param createdAt when it was created
	 * @param billing the buyer's billing address
	 */
	public Payment(String paymentId, PaymentStatus status, long totalAmount, String currency,
			@Nullable PaymentCustomer customer, @Nullable Map<String, String> metadata, @Nullable String checkoutSessionId,
			@Nullable String subscriptionId, @Nullable String paymentMethodId, @Nullable String cardLastFour,
			@Nullable String cardNetwork, @Nullable String errorCode, @Nullable String errorMessage,
			@Nullable Instant createdAt, @Nullable BillingAddress billing) {
		this(paymentId, status, totalAmount, currency, customer, metadata, checkoutSessionId, subscriptionId,
				paymentMethodId, cardLastFour, cardNetwork, errorCode, errorMessage, createdAt, billing, null);
	}

	/** Never {@code null}: an empty list when Dodo listed no refunds. */
	@Override
	public List<RefundItem> refunds() {
		return (this.refunds != null) ? this.refunds : List.of();
	}

	/**
	 * One refund of a payment, as {@code GET /payments/{id}} lists it ({@code refunds[]}).
	 *
	 * @param refundId the refund id
	 * @param amount refunded minor units ({@code null} when Dodo does not say)
	 * @param status {@code succeeded}, {@code failed}, {@code pending} or {@code review}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record RefundItem(String refundId, @Nullable Long amount, @Nullable String status) {
	}

	/** Never {@code null}: an empty map when Dodo sent no metadata. */
	@Override
	public Map<String, String> metadata() {
		return (this.metadata != null) ? this.metadata : Map.of();
	}

}
