package dev.upsell.web.internal;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.upsell.plan.PlanChangeService;
import dev.upsell.web.ReactiveCustomerIdResolver;

/**
 * The plan change endpoints of WebFlux hosts, answering as {@link PlanChangeController} does:
 * {@code POST /upsell/plan-changes/preview} and {@code POST /upsell/plan-changes}, off the event loop.
 */
@RestController
public class ReactivePlanChangeController {

	private final PlanChangeService plans;

	private final CustomerPlanChoices choices;

	private final ReactiveCustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param plans the plan change service
	 * @param customers names the signed-in customer
	 * @param choices the billing options a customer may send; {@link CustomerPlanChoices#none()} by default
	 */
	public ReactivePlanChangeController(PlanChangeService plans, ReactiveCustomerIdResolver customers, CustomerPlanChoices choices) {
		this.plans = plans;
		this.customers = customers;
		this.choices = choices;
	}

	/**
	 * Previews a plan change.
	 * @param body what to change
	 * @param exchange the exchange
	 * @return the figures
	 */
	@PostMapping("/upsell/plan-changes/preview")
	public Mono<QuoteView> preview(@RequestBody PlanChangeBody body, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> QuoteView.of(this.plans.preview(customer,
					body.subscriptionId(), body.productId(), body.quantityOrOne(), body.options(this.choices)))));
	}

	/**
	 * Executes a plan change.
	 * @param body what to change
	 * @param exchange the exchange
	 * @return what happened: 200, or 202 when the outcome is pending
	 */
	@PostMapping("/upsell/plan-changes")
	public Mono<ResponseEntity<PlanChangeResponse>> change(@RequestBody PlanChangeBody body,
			ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> PlanChangeController.answer(this.plans
				.change(customer, body.subscriptionId(), body.productId(), body.quantityOrOne(), body.options(this.choices)))));
	}

	/**
	 * Cancels the plan change scheduled for the next billing date ("keep my plan").
	 * @param body the subscription
	 * @param exchange the exchange
	 * @return what was cancelled; 409 {@code NOTHING_SCHEDULED} when nothing is
	 */
	@PostMapping("/upsell/plan-changes/scheduled/cancel")
	public Mono<ScheduledChangeBody.Cancelled> cancelScheduled(@RequestBody ScheduledChangeBody body,
			ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController
				.blocking(() -> ScheduledChangeBody.Cancelled.of(this.plans.cancelScheduled(customer, body.subscriptionId()))));
	}

}
