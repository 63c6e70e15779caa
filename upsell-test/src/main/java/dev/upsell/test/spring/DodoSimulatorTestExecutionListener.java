package dev.upsell.test.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

import dev.upsell.test.simulator.DodoSimulator;

/**
 * Gives each test method of an {@link EnableDodoSimulator} test a fresh simulator, as Boot's
 * {@code MockRestServiceServerResetTestExecutionListener} resets its mock server: before each method the
 * context's {@link DodoSimulator} is {@link DodoSimulator#reset() reset} (data re-seeded, faults, modes and
 * webhook timing restored, the clock back, work in flight from the previous method fenced off), unless
 * {@link EnableDodoSimulator#resetBeforeEachTest()} is {@code false}. When a method fails, the simulator's
 * {@link DodoSimulator#describe() report} is printed to standard error. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class DodoSimulatorTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public int getOrder() {
		// after dependency injection (2000), before transactions (4000)
		return 3000;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		EnableDodoSimulator annotation = annotation(testContext);
		if (annotation != null && annotation.resetBeforeEachTest()) {
			DodoSimulator simulator = simulator(testContext);
			if (simulator != null) {
				simulator.reset();
			}
		}
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.getTestException() != null && annotation(testContext) != null) {
			DodoSimulator simulator = simulator(testContext);
			if (simulator != null) {
				System.err.println(testContext.getTestMethod().getName() + " failed; " + simulator.describe());
			}
		}
	}

	private static @Nullable EnableDodoSimulator annotation(TestContext testContext) {
		return TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(), EnableDodoSimulator.class);
	}

	private static @Nullable DodoSimulator simulator(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return null;
		}
		ApplicationContext context = testContext.getApplicationContext();
		return context.getBeanProvider(DodoSimulator.class).getIfUnique();
	}

}
