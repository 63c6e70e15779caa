package dev.upsell.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestPropertySource;


/**
 * The one set-up of the end-to-end web tests: {@link UpsellTestApplication} on a random port (the signed-in
 * customer from the {@code X-Test-Customer} header), a {@code RestTestClient}, the Dodo simulator
 * ({@link SimulatorForWebTests}), and the
 * in-memory store. A test names only the {@code dodo.upsell.*} settings it is about.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = UpsellTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "dodo.upsell.store.type=memory")
@AutoConfigureRestTestClient
@Import(SimulatorForWebTests.class)
@TestExecutionListeners(listeners = SimulatorForWebTests.ResetBeforeEachTest.class,
		mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@interface UpsellWebTest {

	/**
	 * The test's own properties.
	 * @return {@code key=value} pairs
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] value() default {};

}
