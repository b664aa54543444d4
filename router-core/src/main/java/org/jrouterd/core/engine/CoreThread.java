package org.jrouterd.core.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CoreProxy}'s duty cycle on one dedicated thread: apply queued actions, then park until the next
 * post, and run the core's timers every 100 ms. An action that throws a {@link RuntimeException} is logged and
 * does not stop the core. An {@link Error} (out of memory, a stack overflow, an assertion) is never swallowed: the
 * core's state may be half-updated, so the thread stops and reports it to the router's {@link FatalErrors}, as
 * does anything else that would end the thread.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from the owner (the router's lifecycle thread); the loop runs
 * on the thread it creates, named {@code jrouterd-core-<routerId>}.
 */
public final class CoreThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_CORE");

    /** How often the core's timers run (the link-state engine's HELLO, RA and expiry checks). */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final CoreProxy proxy;
    private final FatalErrors fatalErrors;
    private final Thread thread;
    private volatile boolean running = true;

    /** A core thread for {@code routerId} that reports errors it cannot survive to {@code fatalErrors}. */
    public CoreThread(String routerId, CoreProxy proxy, FatalErrors fatalErrors) {
        this.proxy = proxy;
        this.fatalErrors = fatalErrors;
        this.thread = new Thread(this::run, "jrouterd-core-" + routerId);
        this.thread.setDaemon(true);
        this.thread.setUncaughtExceptionHandler((dead, error) -> fatalErrors.report(where(), error));
        proxy.wakeUpWith(() -> LockSupport.unpark(thread));
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    proxy.tick();
                }
                if (proxy.doWork() == 0 && !proxy.hasWork()) {
                    LockSupport.parkNanos(this, Math.max(1, Math.min(TICK_NANOS, nextTick - System.nanoTime())));
                }
            } catch (RuntimeException e) {
                LOG.error("core action failed; the core carries on", e);
            } catch (Error e) {
                running = false;
                fatalErrors.report(where(), e);
            }
        }
    }

    /** Whether the thread runs (started and not yet ended); for tests and diagnostics. */
    boolean isAlive() {
        return thread.isAlive();
    }

    private String where() {
        return "core thread " + thread.getName();
    }

    /** Stops the thread and waits for it (at most a few seconds; not at all when called on the core thread). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
