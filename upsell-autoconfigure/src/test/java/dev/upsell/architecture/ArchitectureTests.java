package dev.upsell.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import dev.upsell.offer.Offer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house rules, checked on every build (as Spring Boot's own {@code ArchitectureRules}): a plain core under a
 * thin Boot layer, no package tangles, machinery kept {@code internal}, auto-configurations that only wire.
 * {@code docs/architecture.md} draws what these rules keep true.
 */
class ArchitectureTests {

	/** The core's packages: {@code upsell-core}, plain Java. */
	static final String[] CORE = { "dev.upsell", "dev.upsell.bump..", "dev.upsell.catalog..", "dev.upsell.checkout..",
			"dev.upsell.dodo..", "dev.upsell.funnel..", "dev.upsell.offer..", "dev.upsell.plan..",
			"dev.upsell.retention..", "dev.upsell.trigger..", "dev.upsell.webhook.." };

	/** The Boot layer's packages: adapters and wiring, in {@code upsell-spring-boot-autoconfigure}. */
	static final String[] BOOT = { "dev.upsell.autoconfigure..", "dev.upsell.restclient..", "dev.upsell.store..",
			"dev.upsell.scheduling..", "dev.upsell.web..", "dev.upsell.metrics.." };

	private static final JavaClasses LIBRARY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("/upsell-test/") && !location.contains("upsell-test-"))
		.importPackages("dev.upsell")
		.that(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage("dev.upsell.test..")));

	@Test
	void theCoreKnowsNothingOfSpringMicrometerServletsOrReactor() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..", "jakarta.servlet..", "reactor..")
			.because("upsell-core is plain Java behind Upsell.builder; Spring belongs to the Boot layer")
			.check(LIBRARY);
	}

	@Test
	void theCoreDoesNotReachUpIntoTheBootLayer() {
		noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(BOOT).check(LIBRARY);
	}

	@Test
	void packagesDoNotImportEachOtherInACircle() {
		slices().matching("dev.upsell.(*)..").should().beFreeOfCycles().check(LIBRARY);
	}

	@Test
	void internalMachineryIsUsedOnlyInsideItsModule() {
		List<JavaClass> internal = LIBRARY.stream().filter((type) -> type.getPackageName().contains(".internal")).toList();
		assertThat(internal).as("classes in internal packages").hasSizeGreaterThan(20);
		List<String> outsiders = internal.stream()
			.flatMap((type) -> type.getDirectDependenciesToSelf().stream())
			.filter((dependency) -> !mayUseInternal(dependency.getOriginClass(), dependency.getTargetClass()))
			.map(Dependency::getDescription)
			.distinct()
			.toList();
		assertThat(outsiders).as("uses of internal machinery from outside its module (hosts and the Boot layer "
				+ "use the core's API; Upsell.builder assembles it)").isEmpty();
	}

	@Test
	void onlyTheOfferStateMachineChangesAnOffersState() {
		noClasses().that()
			.doNotHaveFullyQualifiedName("dev.upsell.offer.internal.OfferTransition")
			.and()
			.doNotHaveFullyQualifiedName("dev.upsell.offer.Offer")
			.should()
			.callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.nameMatching("moveTo|atStep|withRefund|withOutcome"))
				.and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(JavaClass.Predicates.type(Offer.class)))))
			.because("every change of an offer's status, step, outcome or refund is a named OfferTransition, in one place")
			.check(LIBRARY);
	}

	@Test
	void autoConfigurationsArePublicFinalWithNoPublicMembers() {
		ArchRule shape = classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.resideInAPackage("dev.upsell.autoconfigure");
		shape.check(LIBRARY);
		List<String> publicMembers = LIBRARY.stream()
			.filter((type) -> type.isAnnotatedWith(AutoConfiguration.class))
			.flatMap((type) -> type.getMembers().stream())
			.filter((member) -> member.getModifiers().contains(JavaModifier.PUBLIC))
			.filter((member) -> !member.getName().equals("<init>"))
			.map((member) -> member.getFullName())
			.toList();
		assertThat(publicMembers).as("public members of auto-configurations").isEmpty();
	}

	@Test
	void theBootLayerUsesTheCoreThroughItsApiOnly() {
		noClasses().that()
			.resideInAnyPackage(BOOT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.upsell.catalog.internal..", "dev.upsell.checkout.internal..",
					"dev.upsell.dodo.internal..", "dev.upsell.funnel.internal..", "dev.upsell.offer.internal..",
					"dev.upsell.plan.internal..", "dev.upsell.retention.internal..", "dev.upsell.webhook.internal..")
			.check(LIBRARY);
	}

	@Test
	void thePublicApiIsWhatDocsApiMdLists() throws IOException {
		Set<String> api = LIBRARY.stream()
			.filter((type) -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
			.filter((type) -> !type.getPackageName().contains(".internal"))
			.filter((type) -> !type.isAnnotatedWith(AutoConfiguration.class))
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.map(JavaClass::getName)
			.collect(Collectors.toCollection(TreeSet::new));
		Path listing = findUp(Path.of("docs", "api.md"));
		Set<String> documented = Files.readAllLines(listing)
			.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("- `dev.upsell."))
			.map((line) -> line.substring(3, line.indexOf('`', 3)))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(documented).as("public API types listed in docs/api.md (add or remove a line there with the type)")
			.containsExactlyElementsOf(api);
		assertThat(Files.readString(listing)).contains("**" + api.size() + " public API types**");
	}

	private static Path findUp(Path relative) {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve(relative))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("a parent directory holding " + relative).isNotNull();
		return dir.resolve(relative);
	}

	/**
	 * A core internal class may be used by the core ({@code upsell-core}: plan changes settle offers through the
	 * offer machinery, {@code Upsell} assembles it); a Boot-layer internal class by the Boot layer (its
	 * auto-configurations wire it). Nothing outside a module uses its internals.
	 */
	private static boolean mayUseInternal(JavaClass origin, JavaClass target) {
		String from = origin.getPackageName();
		return inBootLayer(target.getPackageName()) ? inBootLayer(from) : !inBootLayer(from);
	}

	private static boolean inBootLayer(String packageName) {
		for (String boot : BOOT) {
			String root = boot.substring(0, boot.length() - 2);
			if (packageName.equals(root) || packageName.startsWith(root + ".")) {
				return true;
			}
		}
		return false;
	}

}
