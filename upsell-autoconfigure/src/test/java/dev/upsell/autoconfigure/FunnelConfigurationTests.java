package dev.upsell.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.Funnels;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Funnels as a host configures them in {@code application.yml}: bound, validated at start-up with errors that
 * name the funnel and step, and known to the unknown-key check (a step's condition keys are in the metadata).
 */
class FunnelConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DodoClientAutoConfiguration.class, OfferAutoConfiguration.class))
		.withPropertyValues("dodo.upsell.api.base-url=http://127.0.0.1:9", "dodo.upsell.store.type=memory");

	/** A three-step funnel; {@code extra} adds or overrides keys under {@code funnels[0]}. */
	private static String[] funnel(String... extra) {
		List<String> keys = new ArrayList<>(List.of("dodo.upsell.offers.funnels[0].id=course",
				"dodo.upsell.offers.funnels[0].trigger-product=prod_course",
				"dodo.upsell.offers.funnels[0].steps[0].id=coaching",
				"dodo.upsell.offers.funnels[0].steps[0].offer-product=prod_coaching",
				"dodo.upsell.offers.funnels[0].steps[0].on-accept=templates",
				"dodo.upsell.offers.funnels[0].steps[0].on-decline=workbook",
				"dodo.upsell.offers.funnels[0].steps[0].when.order-total-min=4000",
				"dodo.upsell.offers.funnels[0].steps[0].when.countries=US,CA",
				"dodo.upsell.offers.funnels[0].steps[0].when.attributes.segment=vip",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.id=coaching-copy",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.holdout=0.1",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.variants[0].id=control",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.variants[1].id=warm",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.variants[1].weight=2",
				"dodo.upsell.offers.funnels[0].steps[0].experiment.variants[1].display-text=Two calls",
				"dodo.upsell.offers.funnels[0].steps[1].id=workbook",
				"dodo.upsell.offers.funnels[0].steps[1].offer-product=prod_workbook",
				"dodo.upsell.offers.funnels[0].steps[1].kind=downsell",
				"dodo.upsell.offers.funnels[0].steps[2].id=templates",
				"dodo.upsell.offers.funnels[0].steps[2].offer-product=prod_templates",
				"dodo.upsell.offers.funnels[0].steps[2].charge-with=one-time-payment"));
		keys.addAll(List.of(extra));
		return keys.toArray(String[]::new);
	}

	@Test
	void aConfiguredFunnelIsBoundWithItsConditionsAndExperiment() {
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.funnels[0].max-accepted-per-order=2")).run((context) -> {
			Funnel funnel = context.getBean(Funnels.class).find("course").orElseThrow();
			assertThat(funnel.maxAcceptedPerOrder()).isEqualTo(2);
			assertThat(funnel.maxStepsShown()).isEqualTo(5);
			assertThat(funnel.entry().when().orderTotalMin()).isEqualTo(4000);
			assertThat(funnel.entry().when().countries()).containsExactly("US", "CA");
			assertThat(funnel.entry().when().attributes()).containsEntry("segment", "vip");
			assertThat(funnel.entry().experiment().holdout()).isEqualTo(0.1);
			assertThat(funnel.entry().experiment().variants()).extracting("id", "weight")
				.containsExactly(org.assertj.core.groups.Tuple.tuple("control", 1),
						org.assertj.core.groups.Tuple.tuple("warm", 2));
			assertThat(funnel.step("templates").orElseThrow().chargeWith().wireValue()).isEqualTo("one-time-payment");
		});
	}

	@Test
	void anUnknownStepACycleAndAnUnreachableStepFailStartUpNamingTheFunnel() {
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.funnels[0].steps[0].on-accept=bonus"))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("dodo.upsell.offers.funnels[0] (id 'course') step 'coaching' has on-accept 'bonus', which is no step of this funnel"));
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.funnels[0].steps[2].on-decline=coaching"))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("dodo.upsell.offers.funnels[0] (id 'course') has a cycle: coaching -> templates -> coaching"));
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.funnels[0].steps[0].on-decline="))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("dodo.upsell.offers.funnels[0] (id 'course') step 'workbook' is unreachable"));
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.funnels[0].steps[0].experiment.holdout=1"))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("experiment 'coaching-copy' has holdout 1.0; it must be from 0 to below 1"));
		this.runner.withPropertyValues(funnel("dodo.upsell.offers.rules[0].id=course",
				"dodo.upsell.offers.rules[0].trigger-product=prod_course",
				"dodo.upsell.offers.rules[0].offer-product=prod_pro"))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("has the id of a rule in dodo.upsell.offers.rules"));
	}

	@Test
	void stepConditionKeysAreInTheConfigurationMetadata() {
		assertThat(UnknownSettingsCheck.knownKeys()).contains(
				"dodo.upsell.offers.funnels[].steps[].when.order-total-min",
				"dodo.upsell.offers.funnels[].steps[].when.order-total-max",
				"dodo.upsell.offers.funnels[].steps[].when.order-contains",
				"dodo.upsell.offers.funnels[].steps[].when.countries",
				"dodo.upsell.offers.funnels[].steps[].when.owns",
				"dodo.upsell.offers.funnels[].steps[].when.not-owns",
				"dodo.upsell.offers.funnels[].steps[].when.attributes",
				"dodo.upsell.offers.funnels[].steps[].experiment.variants[].amount");
		org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
		for (String key : funnel("dodo.upsell.offers.funnels[0].steps[0].when.order-total-mx=5000")) {
			String[] pair = key.split("=", 2);
			environment.setProperty(pair[0], pair[1]);
		}
		// a map's own keys (when.attributes.segment) are known; a misspelt condition is not
		assertThat(new UnknownSettingsCheck(environment).unknownKeys(UnknownSettingsCheck.knownKeys()))
			.containsExactly("dodo.upsell.offers.funnels[0].steps[0].when.order-total-mx");
	}

}
