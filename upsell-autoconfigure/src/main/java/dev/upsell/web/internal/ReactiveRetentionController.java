package dev.upsell.web.internal;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.upsell.retention.RetentionService;
import dev.upsell.retention.RetentionStep;
import dev.upsell.web.ReactiveCustomerIdResolver;

/**
 * The retention endpoints of WebFlux hosts, answering as {@link RetentionController} does, off the event loop.
 */
@RestController
public class ReactiveRetentionController {

	private final RetentionService retention;

	private final ReactiveCustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param retention the flows
	 * @param customers names the signed-in customer
	 */
	public ReactiveRetentionController(RetentionService retention, ReactiveCustomerIdResolver customers) {
		this.retention = retention;
		this.customers = customers;
	}

	/**
	 * Starts a flow, or returns the one open for the subscription.
	 * @param body the subscription
	 * @param exchange the exchange
	 * @return 201 with the flow
	 */
	@PostMapping("/upsell/retention/flows")
	public Mono<ResponseEntity<RetentionFlowView>> start(@RequestBody RetentionBodies.Start body,
			ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> ResponseEntity.status(HttpStatus.CREATED)
				.body(RetentionController.view(this.retention, RetentionController.start(this.retention, customer, body),
						null))));
	}

	/**
	 * Records the reason.
	 * @param flowId the flow
	 * @param body the reason and comment
	 * @param exchange the exchange
	 * @return the flow, with the offer to show if any
	 */
	@PostMapping("/upsell/retention/flows/{id}/reason")
	public Mono<RetentionFlowView> reason(@PathVariable("id") String flowId, @RequestBody RetentionBodies.Reason body,
			ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> {
				RetentionStep step = this.retention.giveReason(customer, flowId, body.reason(), body.comment());
				return RetentionController.view(this.retention, step.flow(), step.offer()).withQuote(step.quote());
			}));
	}

	/**
	 * Accepts the offer shown.
	 * @param flowId the flow
	 * @param exchange the exchange
	 * @return 200 saved, 202 while the outcome is read back, 422 when Dodo refused
	 */
	@PostMapping("/upsell/retention/flows/{id}/accept")
	public Mono<ResponseEntity<RetentionFlowView>> accept(@PathVariable("id") String flowId,
			@RequestBody(required = false) RetentionBodies.@Nullable Accept body, ServerWebExchange exchange) {
		String quoteId = (body != null) ? body.quoteId() : null;
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> RetentionController.accepted(this.retention,
					this.retention.accept(customer, flowId, quoteId))));
	}

	/**
	 * Cancels at the end of the period.
	 * @param flowId the flow
	 * @param exchange the exchange
	 * @return the cancelled flow
	 */
	@PostMapping("/upsell/retention/flows/{id}/cancel")
	public Mono<RetentionFlowView> cancel(@PathVariable("id") String flowId, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> RetentionController.view(this.retention,
					this.retention.cancel(customer, flowId), null)));
	}

	/**
	 * Goes ahead with the downgrade the customer asked for, at the next billing date.
	 * @param flowId a downgrade flow
	 * @param exchange the exchange
	 * @return the downgraded flow
	 */
	@PostMapping("/upsell/retention/flows/{id}/downgrade")
	public Mono<RetentionFlowView> downgrade(@PathVariable("id") String flowId, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(() -> RetentionController.view(this.retention,
					this.retention.downgrade(customer, flowId), null)));
	}

	/**
	 * Reads a flow.
	 * @param flowId the flow
	 * @param exchange the exchange
	 * @return the flow
	 */
	@GetMapping("/upsell/retention/flows/{id}")
	public Mono<RetentionFlowView> find(@PathVariable("id") String flowId, ServerWebExchange exchange) {
		return ReactiveOfferController.customer(this.customers, exchange)
			.flatMap((customer) -> ReactiveOfferController.blocking(
					() -> RetentionController.view(this.retention, this.retention.find(customer, flowId), null)));
	}

}
