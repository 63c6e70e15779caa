package dev.upsell.test.junit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.upsell.test.simulator.DodoSimulator;

/**
 * Runs a {@link DodoSimulator} for a test class: started before the first test, {@link DodoSimulator#reset()
 * reset} before each test (work in flight from the previous test is fenced off), stopped after the last. When
 * a test fails, the simulator's {@link DodoSimulator#describe() report} is printed to standard error. Test methods and constructors can take it as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DodoSimulatorExtension dodo = new DodoSimulatorExtension();
 *
 * @Test
 * void chargesTheSavedCard() {
 *     DodoClient client = ...(dodo.simulator().baseUrl());
 * }
 * }</pre>
 * Or {@code @ExtendWith(DodoSimulatorExtension.class)} with a {@code DodoSimulator} parameter.
 */
public final class DodoSimulatorExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterTestExecutionCallback, ParameterResolver {

	private final DodoSimulator.Builder builder;

	private @Nullable DodoSimulator simulator;

	/** An extension for a simulator with the demo data, a random port and a random webhook secret. */
	public DodoSimulatorExtension() {
		this(DodoSimulator.builder());
	}

	/**
	 * An extension for a simulator with other settings.
	 * @param builder the settings
	 */
	public DodoSimulatorExtension(DodoSimulator.Builder builder) {
		this.builder = builder;
	}

	/** The running simulator. */
	public DodoSimulator simulator() {
		if (this.simulator == null) {
			this.simulator = this.builder.start();
		}
		return this.simulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		simulator();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.simulator == null) {
			simulator();
		}
		else {
			this.simulator.reset();
		}
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		if (context.getExecutionException().isPresent() && this.simulator != null) {
			System.err.println(context.getDisplayName() + " failed; " + this.simulator.describe());
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.simulator != null) {
			this.simulator.close();
			this.simulator = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == DodoSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return simulator();
	}

}
