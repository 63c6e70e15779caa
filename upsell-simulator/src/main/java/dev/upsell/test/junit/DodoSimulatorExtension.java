package dev.upsell.test.junit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.upsell.test.simulator.DodoSimulator;

/**
 * Runs a {@link DodoSimulator} for tests, kept in JUnit's extension store as Testcontainers' extension keeps its
 * containers, so JUnit closes it with its scope:
 * <ul>
 * <li>registered on a {@code static} field (or with {@code @ExtendWith}): one simulator for the test class, started
 * before the first test, {@link DodoSimulator#reset() reset} before each test (work in flight from the previous
 * test is fenced off), stopped after the last;</li>
 * <li>registered on an instance field: a fresh simulator for each test, stopped after it.</li>
 * </ul>
 * When a test fails, the simulator's {@link DodoSimulator#describe() report} is printed to standard error. Test
 * methods and constructors can take it as a parameter.
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
		implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(DodoSimulatorExtension.class);

	private final DodoSimulator.Builder builder;

	/** The simulator of this registration's current scope; {@code null} before the first use and after a scope. */
	private @Nullable DodoSimulator current;

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

	/** The running simulator (started on first use, e.g. from a static initializer before JUnit calls). */
	public DodoSimulator simulator() {
		DodoSimulator simulator = this.current;
		if (simulator == null) {
			simulator = this.builder.start();
			this.current = simulator;
		}
		return simulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Scope enclosing = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
		if (enclosing == null || enclosing.owner != this) {
			// a @Nested class shares its enclosing class's simulator: only the outermost scope closes it
			context.getStore(NAMESPACE).put(Scope.class, new Scope(this, simulator()));
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		Scope shared = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
		if (shared != null && shared.owner == this) {
			shared.simulator.reset();
		}
		else {
			context.getStore(NAMESPACE).put(Scope.class, new Scope(this, simulator()));
		}
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		Scope scope = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
		if (context.getExecutionException().isPresent() && scope != null) {
			System.err.println(context.getDisplayName() + " failed; " + scope.simulator.describe());
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

	/** A simulator in the store: JUnit closes it when its class or test is done. */
	private static final class Scope implements AutoCloseable {

		private final DodoSimulatorExtension owner;

		private final DodoSimulator simulator;

		Scope(DodoSimulatorExtension owner, DodoSimulator simulator) {
			this.owner = owner;
			this.simulator = simulator;
		}

		@Override
		public void close() {
			this.simulator.close();
			if (this.owner.current == this.simulator) {
				this.owner.current = null;
			}
		}

	}

}
