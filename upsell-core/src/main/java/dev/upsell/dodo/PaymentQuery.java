package dev.upsell.dodo;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Filters and paging for {@code GET /payments}; {@code null} filters are left out.
 *
 * @param customerId only this customer's payments
 * @param subscriptionId only this subscription's payments
 * @param productId only payments for this product
 * @param status only payments in this status
 * @param createdAtGte created at or after
 * @param createdAtLte created at or before
 * @param pageNumber page, from 0
 * @param pageSize page size
 */
public record PaymentQuery(@Nullable String customerId, @Nullable String subscriptionId, @Nullable String productId,
		@Nullable PaymentStatus status, @Nullable Instant createdAtGte, @Nullable Instant createdAtLte, int pageNumber,
		int pageSize) {

	/**
	 * The first page of a customer's payments created at or after the given time.
	 * @param customerId the customer
	 * @param since lower bound of {@code created_at}, or {@code null}
	 * @param pageSize page size
	 * @return the query
	 */
	public static PaymentQuery forCustomer(String customerId, @Nullable Instant since, int pageSize) {
		return new PaymentQuery(customerId, null, null, null, since, null, 0, pageSize);
	}

	/**
	 * The same query for another page.
	 * @param page page number, from 0
	 * @return the query
	 */
	public PaymentQuery page(int page) {
		return new PaymentQuery(this.customerId, this.subscriptionId, this.productId, this.status, this.createdAtGte,
				this.createdAtLte, page, this.pageSize);
	}

}
