package dev.upsell.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.retention.RetentionFlow;
import dev.upsell.retention.RetentionOffer;
import dev.upsell.retention.RetentionService;
import dev.upsell.retention.RetentionStep;
import dev.upsell.web.CustomerIdResolver;

/**
 * The retention flow over HTTP for the signed-in customer: {@code POST /upsell/retention/flows} starts (or returns the
 * open) flow for a subscription, {@code …/{id}/reason} records the reason and answers with the offer to show,
 * {@code …/{id}/accept} executes it, {@code …/{id}/cancel} cancels at the end of the period from any step, and
 * {@code GET …/{id}} reads it.
 */
@RestController
public class RetentionController {

	private final RetentionService retention;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param retention the flows
	 * @param customers names the signed-in customer
	 */
	public RetentionController(RetentionService retention, CustomerIdResolver customers) {
		this.retention = retention;
		this.customers = customers;
	}

	/**
	 * Starts a flow, or returns the one open for the subscription.
	 * @param body the subscription
	 * @param request the request
	 * @return 201 with the flow and the reasons to choose from
	 */
	@PostMapping("/upsell/retention/flows")
	public ResponseEntity<RetentionFlowView> start(@RequestBody RetentionBodies.Start body, HttpServletRequest request) {
		RetentionFlow flow = start(this.retention, customer(request), body);
		return ResponseEntity.status(HttpStatus.CREATED).body(view(flow, null));
	}

	/**
	 * Records the reason.
	 * @param flowId the flow
	 * @param body the reason and comment
	 * @param request the request
	 * @return the flow, with the offer to show if any
	 */
	@PostMapping("/upsell/retention/flows/{id}/reason")
	public RetentionFlowView reason(@PathVariable("id") String flowId, @RequestBody RetentionBodies.Reason body,
			HttpServletRequest request) {
		RetentionStep step = this.retention.giveReason(customer(request), flowId, body.reason(), body.comment());
		return view(step.flow(), step.offer()).withQuote(step.quote());
	}

	/**
	 * Accepts the offer shown.
	 * @param flowId the flow
	 * @param request the request
	 * @return 200 when saved, 202 while the outcome is being read back, 422 problem when Dodo refused
	 */
	@PostMapping("/upsell/retention/flows/{id}/accept")
	public ResponseEntity<RetentionFlowView> accept(@PathVariable("id") String flowId,
			@RequestBody(required = false) RetentionBodies.@Nullable Accept body, HttpServletRequest request) {
		return accepted(this.retention,
				this.retention.accept(customer(request), flowId, (body != null) ? body.quoteId() : null));
	}

	/**
	 * The answer to an accept: 200 saved, 202 while the outcome is read back, 422 when Dodo refused.
	 * @param retention the service (its settings)
	 * @param flow the flow after the accept
	 * @return the answer
	 */
	static ResponseEntity<RetentionFlowView> accepted(RetentionService retention, RetentionFlow flow) {
		HttpStatus status = switch (flow.status()) {
			case OUTCOME_UNKNOWN -> HttpStatus.ACCEPTED;
			case FAILED -> HttpStatus.UNPROCESSABLE_CONTENT;
			default -> HttpStatus.OK;
		};
		return ResponseEntity.status(status).body(view(retention, flow, null));
	}

	/**
	 * Cancels at the end of the period.
	 * @param flowId the flow
	 * @param request the request
	 * @return the cancelled flow
	 */
	@PostMapping("/upsell/retention/flows/{id}/cancel")
	public RetentionFlowView cancel(@PathVariable("id") String flowId, HttpServletRequest request) {
		return view(this.retention.cancel(customer(request), flowId), null);
	}

	/**
	 * Goes ahead with the downgrade the customer asked for, at the next billing date.
	 * @param flowId a downgrade flow
	 * @param request the request
	 * @return the downgraded flow
	 */
	@PostMapping("/upsell/retention/flows/{id}/downgrade")
	public RetentionFlowView downgrade(@PathVariable("id") String flowId, HttpServletRequest request) {
		return view(this.retention.downgrade(customer(request), flowId), null);
	}

	/**
	 * Starts a cancel flow, or a downgrade flow when the body names the plan.
	 * @param retention the service
	 * @param customer the signed-in customer
	 * @param body the body
	 * @return the open flow
	 */
	static RetentionFlow start(RetentionService retention, String customer, RetentionBodies.Start body) {
		return (body.downgradeTo() != null)
				? retention.startDowngrade(customer, body.subscriptionId(), body.downgradeTo())
				: retention.start(customer, body.subscriptionId());
	}

	/**
	 * Reads a flow.
	 * @param flowId the flow
	 * @param request the request
	 * @return the flow
	 */
	@GetMapping("/upsell/retention/flows/{id}")
	public RetentionFlowView find(@PathVariable("id") String flowId, HttpServletRequest request) {
		return view(this.retention.find(customer(request), flowId), null);
	}

	private RetentionFlowView view(RetentionFlow flow, @Nullable RetentionOffer shown) {
		return view(this.retention, flow, shown);
	}

	/**
	 * The view of a flow, with its offer.
	 * @param retention the service (its settings)
	 * @param flow the flow
	 * @param shown the offer just chosen, if any; else the flow's, from the settings
	 * @return the view
	 */
	static RetentionFlowView view(RetentionService retention, RetentionFlow flow, @Nullable RetentionOffer shown) {
		RetentionOffer offer = (shown != null) ? shown : retention.settings().offer(flow.offerId());
		return RetentionFlowView.of(flow, offer, retention.settings().reasons());
	}

	private String customer(HttpServletRequest request) {
		return SignedInCustomer.of(this.customers, request);
	}

}
