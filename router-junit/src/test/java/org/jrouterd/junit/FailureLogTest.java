package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.jrouterd.server.mesh.MeshLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Deliberately failing test classes, run with JUnit's engine test kit: their failures carry the routers' recent
 * log lines as suppressed exceptions, each router's own.
 *
 * <p>Threads: the inner classes' static fields are written while the test kit runs them on the test's thread and
 * read by the test after the run.
 */
@Timeout(60)
class FailureLogTest {

    @Test
    void failingTestCarriesTheRoutersRecentLog() {
        Throwable failure = onlyFailure(run(FailingTest.class).testEvents());

        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("deliberately");
        String log = routerLogs(failure).get(0);
        assertThat(log).startsWith("last ").contains(" lines of router failing-one (time, level, [thread], logger")
                .contains("---- class FailingTest starts; starting the router\n")
                .contains("INFO [main] SERVER - Listening on 127.0.0.1:" + FailingTest.port)
                .contains("---- test failsAfterAConnection() in FailingTest starts")
                .containsPattern("INFO \\[jrouterd-io-failing-one-\\d+-\\d+] SERVER - \\[C\\d+] Accepted connection to ");
    }

    @Test
    void eachRouterAddsOnlyItsOwnLog() {
        Throwable failure = onlyFailure(run(TwoRoutersTest.class).testEvents());

        List<String> logs = routerLogs(failure);
        assertThat(logs).hasSize(2);
        String one = logs.stream().filter(l -> l.contains("lines of router one ")).findFirst().orElseThrow();
        String two = logs.stream().filter(l -> l.contains("lines of router two ")).findFirst().orElseThrow();
        assertThat(one).contains("Listening on 127.0.0.1:" + TwoRoutersTest.portOne + "\n")
                .contains("[jrouterd-io-one-");
        assertThat(two).contains("Listening on 127.0.0.1:" + TwoRoutersTest.portTwo + "\n")
                .doesNotContain("Listening on 127.0.0.1:" + TwoRoutersTest.portOne + "\n")
                .doesNotContain("jrouterd-io-one-");
    }

    @Test
    void failingAfterEachMethodCarriesTheLogOfItsTestsRouter() {
        Throwable failure = onlyFailure(run(FailingAfterEachTest.class).testEvents());

        assertThat(failure).hasMessage("deliberately, after the test");
        assertThat(routerLogs(failure).get(0)).contains("lines of router after-each ")
                .contains("---- test passes() in FailingAfterEachTest starts; starting the router\n");
    }

    @Test
    void routerThatCannotStartFailsTheClassWithTheLogOfItsStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RouterThatCannotStartTest.takenPort = taken.getLocalPort();
            Throwable failure = onlyFailure(run(RouterThatCannotStartTest.class).containerEvents());

            assertThat(routerLogs(failure).get(0)).contains("---- class RouterThatCannotStartTest starts")
                    .contains("SERVER - Listening on 127.0.0.1:");
        }
    }

    @Test
    void failingTestInAMeshCarriesEveryRoutersLog() {
        Throwable failure = onlyFailure(run(FailingInAMeshTest.class).testEvents());

        assertThat(routerLogs(failure).get(0)).contains(" lines of mesh A, B (time")
                .contains("---- class FailingInAMeshTest starts; starting mesh A, B\n")
                .contains("[jrouterd-core-A] ROUTER_HELLO - Inter-router connection")
                .contains("[jrouterd-core-B] ROUTER_HELLO - Inter-router connection");
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static Throwable onlyFailure(Events events) {
        List<Throwable> failures = events.failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class))
                .map(result -> result.getThrowable().orElseThrow()).toList();
        assertThat(failures).hasSize(1);
        return failures.get(0);
    }

    private static List<String> routerLogs(Throwable failure) {
        List<String> logs = Arrays.stream(failure.getSuppressed()).filter(s -> s instanceof RecentRouterLog)
                .map(Throwable::getMessage).toList();
        assertThat(logs).as("router logs suppressed in %s", failure).isNotEmpty();
        return logs;
    }

    static class FailingTest {
        @RegisterExtension
        static final RouterExtension ROUTER = RouterExtension.create(builder -> builder.id("failing-one"));

        static int port;

        @Test
        void failsAfterAConnection() throws IOException {
            port = ROUTER.port();
            AmqpClients.exchangeProtocolHeaders(ROUTER.host(), port);
            fail("deliberately");
        }
    }

    static class TwoRoutersTest {
        @RegisterExtension
        static final RouterExtension ONE = RouterExtension.create(builder -> builder.id("one"));

        @RegisterExtension
        static final RouterExtension TWO = RouterExtension.create(builder -> builder.id("two"));

        static int portOne;
        static int portTwo;

        @Test
        void failsAfterAConnectionToRouterOne() throws IOException {
            portOne = ONE.port();
            portTwo = TWO.port();
            AmqpClients.exchangeProtocolHeaders(ONE.host(), portOne);
            fail("deliberately");
        }
    }

    static class FailingAfterEachTest {
        @RegisterExtension
        final RouterExtension router = RouterExtension.create(builder -> builder.id("after-each"));

        @Test
        void passes() {
        }

        @AfterEach
        void failsAfterwards() {
            fail("deliberately, after the test");
        }
    }

    static class RouterThatCannotStartTest {
        static int takenPort;

        @RegisterExtension
        static final RouterExtension ROUTER = RouterExtension.create(
                builder -> builder.listener("127.0.0.1", takenPort));

        @Test
        void neverRuns() {
        }
    }

    static class FailingInAMeshTest {
        @RegisterExtension
        static final MeshExtension MESH = MeshExtension.create(MeshLayout.line(2));

        @Test
        void fails() {
            fail("deliberately, in a mesh");
        }
    }
}
