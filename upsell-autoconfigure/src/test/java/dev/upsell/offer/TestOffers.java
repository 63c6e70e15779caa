package dev.upsell.offer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.upsell.Upsell;
import dev.upsell.UpsellEventPublisher;
import dev.upsell.catalog.OfferRule;
import dev.upsell.checkout.FirstEligiblePaymentMethod;
import dev.upsell.checkout.PaymentMethodSelector;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.OfferTargeting;
import dev.upsell.offer.internal.OfferSettlement;
import dev.upsell.offer.internal.OfferTransitions;
import dev.upsell.plan.PlanOffers;

/**
 * The offer parts of an {@link Upsell} built as the auto-configuration builds it, without Spring, for tests that
 * drive the core directly.
 *
 * @param service the host's facade
 * @param settlement what webhooks and reconciliation call
 * @param housekeeping expiry and purge
 * @param transitions the one writer
 * @param plans plan change offers
 * @param experiments the experiments' ledger
 */
public record TestOffers(OfferService service, OfferSettlement settlement, OfferHousekeeping housekeeping,
		OfferTransitions transitions, PlanOffers plans, dev.upsell.offer.ExperimentLedger experiments) {

	/** Test settings: 30 min TTL, 7 days suppression, 10 s accept wait, 24 h redirect TTL, 7 days retention. */
	public static final OfferSettings SETTINGS = new OfferSettings(Duration.ofMinutes(30), Duration.ofDays(7),
			Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofDays(7));

	/**
	 * Starts a wiring.
	 * @param repository where offers live
	 * @param dodo the Dodo client
	 * @param clock the time
	 * @return the builder
	 */
	public static Builder with(OfferRepository repository, DodoClient dodo, Clock clock) {
		return new Builder(repository, dodo, clock);
	}

	/**
	 * A reconciler on these parts.
	 * @param dodo the Dodo client
	 * @param clock the time
	 * @param after how long an offer stays accepted before it is looked up
	 * @param giveUpAfter when an offer without payment fails
	 * @return the reconciler
	 */
	public OfferReconciler reconciler(DodoClient dodo, Clock clock, Duration after, Duration giveUpAfter) {
		return reconciler(dodo, clock, new OfferReconciler.Timings(after, giveUpAfter, Duration.ofMinutes(1)));
	}

	/**
	 * A reconciler on these parts with all its timings.
	 * @param dodo the Dodo client
	 * @param clock the time
	 * @param timings when to look, give up, back off, and the call budget
	 * @return the reconciler
	 */
	public OfferReconciler reconciler(DodoClient dodo, Clock clock, OfferReconciler.Timings timings) {
		return new OfferReconciler(this.transitions.repository(), this.settlement, dodo, clock, timings);
	}

	/** Builds the parts. */
	public static final class Builder {

		private final OfferRepository repository;

		private final DodoClient dodo;

		private final Clock clock;

		private List<OfferRule> rules = List.of();

		private List<Funnel> funnels = List.of();

		private OfferTargeting targeting = OfferTargeting.everyone();

		private PaymentMethodSelector selector = new FirstEligiblePaymentMethod(false);

		private @Nullable String returnUrl = "https://shop.example/thanks";

		private UpsellEventPublisher events = (event) -> {
		};

		private OfferSettings settings = SETTINGS;

		private boolean pricePreview = true;

		private OwnedProducts owned = OwnedProducts.none();

		private Builder(OfferRepository repository, DodoClient dodo, Clock clock) {
			this.repository = repository;
			this.dodo = dodo;
			this.clock = clock;
		}

		public Builder rules(List<OfferRule> rules) {
			this.rules = rules;
			return this;
		}

		public Builder funnels(List<Funnel> funnels) {
			this.funnels = funnels;
			return this;
		}

		public Builder targeting(OfferTargeting targeting) {
			this.targeting = targeting;
			return this;
		}

		public Builder selector(PaymentMethodSelector selector) {
			this.selector = selector;
			return this;
		}

		public Builder returnUrl(@Nullable String returnUrl) {
			this.returnUrl = returnUrl;
			return this;
		}

		public Builder events(UpsellEventPublisher events) {
			this.events = events;
			return this;
		}

		public Builder settings(OfferSettings settings) {
			this.settings = settings;
			return this;
		}

		/** Whether offers are priced by Dodo's checkout preview (on by default, as in the starter). */
		public Builder pricePreview(boolean pricePreview) {
			this.pricePreview = pricePreview;
			return this;
		}

		public Builder owned(OwnedProducts owned) {
			this.owned = owned;
			return this;
		}

		public TestOffers build() {
			Upsell upsell = Upsell.builder(this.dodo)
				.store(this.repository)
				.rules(this.rules)
				.funnels(this.funnels)
				.targeting(this.targeting)
				.paymentMethods(this.selector)
				.returnUrl(this.returnUrl)
				.events(this.events)
				.offerSettings(this.settings)
				.paymentRetention(OfferHousekeeping.DEFAULT_PAYMENT_RETENTION)
				.pricePreview(this.pricePreview)
				.ownedProducts(this.owned)
				.clock(this.clock)
				.build();
			return new TestOffers(upsell.offers(), upsell.settlement(), upsell.housekeeping(), upsell.transitions(),
					upsell.planOffers(), upsell.experiments());
		}

	}

}
