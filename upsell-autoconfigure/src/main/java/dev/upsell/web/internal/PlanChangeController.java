package dev.upsell.web.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.upsell.plan.PlanChangeOutcome;
import dev.upsell.plan.PlanChangeService;
import dev.upsell.web.CustomerIdResolver;

/**
 * {@code POST /upsell/plan-changes/preview} and {@code POST /upsell/plan-changes} for the signed-in customer.
 * The body is a {@link PlanChangeBody}, validated as it is bound.
 */
@RestController
public class PlanChangeController {

	private final PlanChangeService plans;

	private final CustomerPlanChoices choices;

	private final CustomerIdResolver customers;

	/**
	 * Creates the controller.
	 * @param plans the plan change service
	 * @param customers names the signed-in customer
	 * @param choices the billing options a customer may send; {@link CustomerPlanChoices#none()} by default
	 */
	public PlanChangeController(PlanChangeService plans, CustomerIdResolver customers, CustomerPlanChoices choices) {
		this.plans = plans;
		this.customers = customers;
		this.choices = choices;
	}

	/**
	 * Previews a plan change.
	 * @param body what to change
	 * @param request the request
	 * @return the figures
	 */
	@PostMapping("/upsell/plan-changes/preview")
	public QuoteView preview(@RequestBody PlanChangeBody body, HttpServletRequest request) {
		return QuoteView.of(this.plans.preview(customer(request), body.subscriptionId(), body.productId(),
				body.quantityOrOne(), body.options(this.choices)));
	}

	/**
	 * Executes a plan change.
	 * @param body what to change
	 * @param request the request
	 * @return what happened: 200, or 202 when the outcome is pending or the customer must act
	 */
	@PostMapping("/upsell/plan-changes")
	public ResponseEntity<PlanChangeResponse> change(@RequestBody PlanChangeBody body, HttpServletRequest request) {
		return answer(this.plans.change(customer(request), body.subscriptionId(), body.productId(),
				body.quantityOrOne(), body.options(this.choices)));
	}

	/**
	 * Cancels the plan change scheduled for the next billing date ("keep my plan").
	 * @param body the subscription
	 * @param request the request
	 * @return what was cancelled; 409 {@code NOTHING_SCHEDULED} when nothing is
	 */
	@PostMapping("/upsell/plan-changes/scheduled/cancel")
	public ScheduledChangeBody.Cancelled cancelScheduled(@RequestBody ScheduledChangeBody body,
			HttpServletRequest request) {
		return ScheduledChangeBody.Cancelled.of(this.plans.cancelScheduled(customer(request), body.subscriptionId()));
	}

	/**
	 * The answer to a change: 200, or 202 when the outcome is pending.
	 * @param outcome what the change did
	 * @return the answer
	 */
	static ResponseEntity<PlanChangeResponse> answer(PlanChangeOutcome outcome) {
		boolean open = outcome.status() == PlanChangeOutcome.Status.PENDING
				|| outcome.status() == PlanChangeOutcome.Status.ACTION_REQUIRED;
		return ResponseEntity.status(open ? HttpStatus.ACCEPTED : HttpStatus.OK).body(PlanChangeResponse.of(outcome));
	}

	private String customer(HttpServletRequest request) {
		return SignedInCustomer.of(this.customers, request);
	}

}
