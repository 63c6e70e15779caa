package dev.upsell.test.junit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's scopes, run through JUnit's own launcher: a static registration shares one simulator with the
 * class (and its nested classes) and JUnit's store closes it after the class; an instance registration gets a
 * fresh simulator per test, closed after it.
 */
class DodoSimulatorExtensionTests {

	static final List<DodoSimulator> seen = new CopyOnWriteArrayList<>();

	@Test
	void aStaticRegistrationSharesOneSimulatorWithTheClassAndItsNestedClassesThenClosesIt() {
		seen.clear();
		TestExecutionSummary summary = run(SharedScope.class);

		assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
		assertThat(seen).hasSize(3);
		assertThat(seen).allSatisfy((simulator) -> assertThat(simulator).isSameAs(seen.get(0)));
		assertThat(listening(seen.get(0))).as("closed after the class").isFalse();
	}

	@Test
	void anInstanceRegistrationGivesEachTestItsOwnSimulatorAndClosesItAfterTheTest() {
		seen.clear();
		TestExecutionSummary summary = run(PerTestScope.class);

		assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
		assertThat(seen).hasSize(2);
		assertThat(seen.get(0)).isNotSameAs(seen.get(1));
		assertThat(seen).allSatisfy((simulator) -> assertThat(listening(simulator)).isFalse());
	}

	private static TestExecutionSummary run(Class<?> testClass) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(testClass))
			.build();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create().execute(request, listener);
		TestExecutionSummary summary = listener.getSummary();
		assertThat(summary.getFailures()).as("failures of the tests run").isEmpty();
		return summary;
	}

	private static boolean listening(DodoSimulator simulator) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", simulator.baseUrl().getPort()), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Run only through the launcher above (surefire skips nested classes). */
	static class SharedScope {

		@RegisterExtension
		static final DodoSimulatorExtension dodo = new DodoSimulatorExtension();

		@Test
		void first(DodoSimulator simulator) {
			assertThat(listening(simulator)).isTrue();
			seen.add(simulator);
		}

		@Test
		void second() {
			seen.add(dodo.simulator());
		}

		@Nested
		class Inner {

			@Test
			void third(DodoSimulator simulator) {
				seen.add(simulator);
			}

		}

	}

	/** Run only through the launcher above. */
	static class PerTestScope {

		@RegisterExtension
		final DodoSimulatorExtension dodo = new DodoSimulatorExtension();

		@Test
		void first() {
			assertThat(listening(this.dodo.simulator())).isTrue();
			seen.add(this.dodo.simulator());
		}

		@Test
		void second() {
			assertThat(listening(this.dodo.simulator())).isTrue();
			seen.add(this.dodo.simulator());
		}

	}

}
