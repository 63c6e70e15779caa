package dev.upsell.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link dev.upsell.test.simulator.DodoSimulator} for the test's application context, like
 * {@code @EmbeddedKafka}: the simulator starts with the context, is a bean you can inject, and stops with it.
 * It connects the starter to it with a {@link DodoSimulatorConnectionDetails} bean (no {@code dodo.upsell.api.*} or
 * {@code dodo.upsell.webhook.secret} property needed) and, when
 * the test runs a web server ({@code webEnvironment = RANDOM_PORT} or {@code DEFINED_PORT}), delivers its
 * signed webhooks to {@code dodo.upsell.webhook.path} of that server.
 * <p>
 * Each test method sees a fresh simulator: it is {@link dev.upsell.test.simulator.DodoSimulator#reset() reset}
 * before every method (set {@link #resetBeforeEachTest()} to {@code false} to keep state from one method to
 * the next), so results never depend on test order. A failing method prints the simulator's state.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)
 * @EnableDodoSimulator
 * class CheckoutFlowTests {
 *     @Autowired DodoSimulator dodo;
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EnableDodoSimulator {

	/** Whether to seed the demo data ({@link dev.upsell.test.simulator.DemoData}). */
	boolean demoData() default true;

	/** Whether to deliver webhooks to the application's webhook endpoint. */
	boolean deliverWebhooks() default true;

	/** Whether to reset the simulator before each test method; {@code true} by default. */
	boolean resetBeforeEachTest() default true;

}
