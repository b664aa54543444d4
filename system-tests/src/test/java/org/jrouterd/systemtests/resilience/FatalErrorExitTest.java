package org.jrouterd.systemtests.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon dies loudly: a fatal error on one of its threads ends the process within seconds, with a non-zero
 * status and a last log line saying why, so that systemd restarts it. Before, an {@link OutOfMemoryError} killed
 * threads and left a process that listened but served no one. The faults are injected with the test-only
 * {@code -Djrouterd.test.injectFatalError}; {@code heap} runs the heap out for real.
 */
@Timeout(180)
class FatalErrorExitTest {

    /** "Within seconds": from the router's start (it logged its port) to its exit. */
    private static final Duration EXIT = Duration.ofSeconds(20);
    private static final int EX_SOFTWARE = 70;
    /** HotSpot's status for -XX:+ExitOnOutOfMemoryError. */
    private static final int JVM_OUT_OF_MEMORY = 3;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void anErrorOnTheCoreThreadEndsTheDaemonWithStatus70() {
        RouterProcess router = start("Core", "-Djrouterd.test.injectFatalError=core");

        assertThat(router.awaitExit(EXIT)).as(router.log().tail(20)).isEqualTo(EX_SOFTWARE);
        assertThat(lastLine(router)).contains("SERVER (error) Router Core exits with status 70 after a fatal error"
                + " in core thread jrouterd-core-Core: java.lang.OutOfMemoryError: injected");
    }

    @Test
    void anErrorOnAnEventLoopEndsTheDaemonWithStatus70() {
        RouterProcess router = start("Loop", "-Djrouterd.test.injectFatalError=eventloop");

        assertThat(router.awaitExit(EXIT)).as(router.log().tail(20)).isEqualTo(EX_SOFTWARE);
        assertThat(lastLine(router)).contains("SERVER (error) Router Loop exits with status 70 after a fatal error"
                + " in event loop jrouterd-io-Loop").contains("java.lang.OutOfMemoryError: injected");
    }

    @Test
    void runningTheHeapOutEndsTheDaemonThroughTheJvmFlagThatBinJrouterdSets() {
        RouterProcess router = start("Heap", "-Xmx64m -Djrouterd.test.injectFatalError=heap");

        assertThat(router.awaitExit(EXIT)).as(router.log().tail(20)).isEqualTo(JVM_OUT_OF_MEMORY);
        assertThat(lastLine(router)).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void runningTheHeapOutWithoutTheJvmFlagStillEndsTheDaemonWithStatus70() {
        RouterProcess router = start("Heap2",
                "-Xmx64m -XX:-ExitOnOutOfMemoryError -Djrouterd.test.injectFatalError=heap");

        assertThat(router.awaitExit(EXIT)).as(router.log().tail(20)).isEqualTo(EX_SOFTWARE);
        assertThat(lastLine(router)).contains("Router Heap2 exits with status 70 after a fatal error")
                .contains("java.lang.OutOfMemoryError: Java heap space");
    }

    private RouterProcess start(String id, String javaOptions) {
        return RouterProcess.start(id, logs.path(),
                List.of(Jrouterd.launcher().toString(), "--listen", "127.0.0.1:0", "--id", id), javaOptions);
    }

    private static String lastLine(RouterProcess router) {
        List<String> lines = router.log().lines();
        assertThat(lines).isNotEmpty();
        return lines.get(lines.size() - 1);
    }
}
