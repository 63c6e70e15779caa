package dev.upsell.autoconfigure;

import java.lang.reflect.RecordComponent;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.upsell.dodo.Payment;
import dev.upsell.dodo.PlanChangePreview;
import dev.upsell.web.internal.AcceptResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's runtime hints: what an AOT-processed or native host needs to bind Dodo's JSON, answer on its
 * endpoints and initialise the JDBC store.
 */
class UpsellRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		// as Spring's AOT engine finds it: through META-INF/spring/aot.factories
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, UpsellRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

	@Test
	void theRegistrarIsFoundThroughAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(UpsellRuntimeHints.class);
	}

	@Test
	void everyDodoRecordCanBeCreatedAndReadByReflection() {
		for (Class<?> type : UpsellRuntimeHints.DODO_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
			for (RecordComponent component : type.getRecordComponents()) {
				assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
					.as(type.getSimpleName() + "." + component.getName())
					.accepts(this.hints);
			}
		}
		// nested records reached through a field are covered too: a webhook payment's refunds, a preview's lines
		assertThat(RuntimeHintsPredicates.reflection().onType(Payment.RefundItem.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(PlanChangePreview.LineItem.class)).accepts(this.hints);
	}

	@Test
	void theListEnvelopesOfTheClientAreCreatedByReflection() {
		for (String envelope : UpsellRuntimeHints.DODO_ENVELOPES) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(envelope))
				.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(envelope).accepts(this.hints);
		}
	}

	@Test
	void theEndpointBodiesAreWrittenAndReadByReflection() {
		for (Class<?> type : UpsellRuntimeHints.WEB_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(dev.upsell.web.OfferView.class)).accepts(this.hints);
		assertThat(List.of(AcceptResponse.class.getRecordComponents())).allSatisfy((component) -> assertThat(
				RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor())).accepts(this.hints));
	}

	@Test
	void theSchemaScriptsAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/upsell/store/schema-postgresql.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/upsell/store/schema-h2.sql")).accepts(this.hints);
	}

	@Test
	void everyEventAHostListensToCanBeReadByASpelCondition() {
		for (Class<?> event : UpsellRuntimeHints.EVENT_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection().onType(event).withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS))
				.as(event.getName())
				.accepts(this.hints);
		}
		assertThat(UpsellRuntimeHints.EVENT_TYPES).contains(dev.upsell.offer.OfferConverted.class,
				dev.upsell.webhook.DodoEvent.PaymentSucceeded.class);
	}

	@Test
	void theConfigurationMetadataTheUnknownSettingsCheckReadsIsAResource() {
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring-configuration-metadata.json"))
			.accepts(this.hints);
	}

}
