package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The capture itself: which lines it keeps, how many, and what it says without logback. */
class RouterLogTest {

    private static final Logger SERVER = LoggerFactory.getLogger("SERVER");

    @Test
    void keepsOnlyTheLastLinesWhenMoreArrive() {
        try (RouterLog log = LogbackRouterLog.attach(() -> "router R", 3)) {
            log.watchThread(Thread.currentThread());
            for (int i = 1; i <= 5; i++) {
                SERVER.info("line {}.", i);
            }
            String recent = log.recent().getMessage();

            assertThat(recent).startsWith("last 3 of 5 lines of router R").contains("INFO [main] SERVER - line 3.")
                    .contains("line 4.").contains("line 5.").doesNotContain("line 2.");
        }
    }

    @Test
    void keepsTheThreadsOfWatchedRoutersOnly() throws Exception {
        try (RouterLog log = LogbackRouterLog.attach(() -> "router A", 10)) {
            log.watchRouter("A");
            logOnThread("jrouterd-core-A", "from A's core");
            logOnThread("jrouterd-io-A-3-1", "from A's event loop");
            logOnThread("jrouterd-core-AB", "from AB's core");
            logOnThread("jrouterd-io-A-B-3-1", "from A-B's event loop");
            SERVER.info("from the test thread, not watched");
            String recent = log.recent().getMessage();

            assertThat(recent).contains("[jrouterd-core-A] SERVER - from A's core")
                    .contains("[jrouterd-io-A-3-1] SERVER - from A's event loop")
                    .doesNotContain("AB's").doesNotContain("A-B's").doesNotContain("not watched");
        }
    }

    @Test
    void keepsNothingOnceClosed() {
        RouterLog log = LogbackRouterLog.attach(() -> "router R", 10);
        log.watchThread(Thread.currentThread());
        SERVER.info("kept");
        log.close();
        SERVER.info("after close");

        assertThat(log.recent().getMessage()).contains("kept").doesNotContain("after close");
    }

    @Test
    void showsTheExceptionOfALineWithAFewFrames() {
        try (RouterLog log = LogbackRouterLog.attach(() -> "router R", 10)) {
            log.watchThread(Thread.currentThread());
            SERVER.warn("it broke", new IllegalStateException("outer", new IllegalArgumentException("inner")));

            assertThat(log.recent().getMessage()).contains("WARN [main] SERVER - it broke\n"
                    + "    java.lang.IllegalStateException: outer\n        at org.jrouterd.junit.RouterLogTest.")
                    .contains("    caused by java.lang.IllegalArgumentException: inner");
        }
    }

    @Test
    void namesTheRouterOfEachThread() {
        assertThat(LogbackRouterLog.routerIdOf("jrouterd-core-A")).isEqualTo("A");
        assertThat(LogbackRouterLog.routerIdOf("jrouterd-stop-A")).isEqualTo("A");
        assertThat(LogbackRouterLog.routerIdOf("jrouterd-io-Router.1a2b-3-14")).isEqualTo("Router.1a2b");
        assertThat(LogbackRouterLog.routerIdOf("jrouterd-accept-my-router-2-1")).isEqualTo("my-router");
        assertThat(LogbackRouterLog.routerIdOf("jrouterd-io-A")).isNull();
        assertThat(LogbackRouterLog.routerIdOf("main")).isNull();
    }

    @Test
    void withoutLogbackTheFailureSaysHowToCaptureTheLog() {
        try (RouterLog log = RouterLog.capture(() -> "router R", "org.slf4j.helpers.NOPLoggerFactory")) {
            assertThat(log).isInstanceOf(UncapturedRouterLog.class);
            assertThat(log.recent().getMessage()).isEqualTo("the log of router R could not be captured: SLF4J's "
                    + "backend is org.slf4j.helpers.NOPLoggerFactory, not logback-classic. To see the "
                    + "routers' recent log here when a test fails, add the test dependency "
                    + "ch.qos.logback:logback-classic (and a logback-test.xml).");
        }
    }

    @Test
    void addsTheLogToAFailureOnce() {
        try (RouterLog log = RouterLog.capture(() -> "router R")) {
            AssertionError failure = new AssertionError("failed");
            RecentRouterLog.addTo(RecentRouterLog.addTo(failure, log), log);

            assertThat(failure.getSuppressed()).hasSize(1);
        }
    }

    private static void logOnThread(String threadName, String message) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            SERVER.info(message);
            done.complete(null);
        }, threadName);
        thread.start();
        done.get();
    }
}
