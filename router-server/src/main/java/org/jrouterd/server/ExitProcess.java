package org.jrouterd.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.engine.FatalErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's reaction to a fatal error (see {@link FatalErrors}): log why as the last line, at ERROR, then end
 * the process with status {@value FatalErrors#EXIT_STATUS} through {@link Runtime#halt}, so that systemd (or any
 * supervisor) starts a fresh one. Shutdown hooks do not run: in a JVM that is out of memory or has lost a thread
 * they may hang, and the connections are lost either way. A watchdog thread, started in advance (a JVM out of
 * memory may not manage to start one), halts the process anyway when logging does not finish within
 * {@value #LOG_GRACE_SECONDS} s.
 *
 * <p>Threads: created by {@code main}; {@link #onFatalError} runs on the thread that met the error; the
 * watchdog waits on its own thread, {@code jrouterd-fatal-watchdog}.
 */
final class ExitProcess implements FatalErrors.Reaction {

    /** How long logging the last line may take before the watchdog halts without it. */
    static final int LOG_GRACE_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    private final Runnable beforeExit;
    private final CountDownLatch fatal = new CountDownLatch(1);

    /** A reaction that runs {@code beforeExit} (best effort, e.g. delete the pid file) before it halts. */
    ExitProcess(Runnable beforeExit) {
        this.beforeExit = beforeExit;
        Thread watchdog = new Thread(this::haltWhenLoggingHangs, "jrouterd-fatal-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void onFatalError(String routerId, String where, Throwable error) {
        fatal.countDown();
        try {
            beforeExit.run();
        } catch (Throwable ignored) {
            // Best effort: the exit matters more.
        }
        try {
            LOG.error("Router {} exits with status {} after a fatal error in {}: {}", routerId,
                    FatalErrors.EXIT_STATUS, where, error.toString());
        } catch (Throwable logFailed) {
            System.err.println("Router " + routerId + " exits with status " + FatalErrors.EXIT_STATUS
                    + " after a fatal error in " + where + ": " + error);
        }
        halt();
    }

    private void haltWhenLoggingHangs() {
        try {
            fatal.await();
            Thread.sleep(TimeUnit.SECONDS.toMillis(LOG_GRACE_SECONDS));
            System.err.println("jrouterd: logging a fatal error took over " + LOG_GRACE_SECONDS
                    + " s; exiting with status " + FatalErrors.EXIT_STATUS + " without it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        halt();
    }

    private static void halt() {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(FatalErrors.EXIT_STATUS);
    }
}
