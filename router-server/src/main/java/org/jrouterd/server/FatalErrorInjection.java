package org.jrouterd.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For tests only: makes a running daemon meet a fatal error, so that a test can watch it exit. Set the system
 * property {@value #PROPERTY} (for example through {@code JAVA_OPTS}) to
 * <ul>
 *   <li>{@code core}: an action on the core thread throws an (injected) {@link OutOfMemoryError};</li>
 *   <li>{@code eventloop}: a task on an I/O event loop throws an (injected) {@link OutOfMemoryError};</li>
 *   <li>{@code heap}: a task on an I/O event loop really fills the heap until the JVM throws
 *       {@link OutOfMemoryError} (with {@code -XX:+ExitOnOutOfMemoryError}, as {@code bin/jrouterd} sets, the JVM
 *       itself then ends the process).</li>
 * </ul>
 * The fault is injected once, right after the router has started. Never set it in production.
 *
 * <p>Threads: {@link #injectIfAsked} runs on {@code main}; the faults on the router's threads.
 */
final class FatalErrorInjection {

    /** The test-only system property naming the fault to inject. */
    static final String PROPERTY = "jrouterd.test.injectFatalError";

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    private FatalErrorInjection() {
    }

    /** Injects the fault the system property names, if any. */
    static void injectIfAsked(Router router) {
        String fault = System.getProperty(PROPERTY);
        if (fault == null || fault.isBlank()) {
            return;
        }
        String message = "injected by -D" + PROPERTY + "=" + fault;
        LOG.warn("Router {}: {} (a test-only fault)", router.id(), message);
        switch (fault.toLowerCase(Locale.ROOT)) {
            case "core" -> router.postToCore(core -> {
                throw new OutOfMemoryError(message);
            });
            case "eventloop" -> router.ioLoops().next().execute(() -> {
                throw new OutOfMemoryError(message);
            });
            case "heap" -> router.ioLoops().next().execute(FatalErrorInjection::fillTheHeap);
            default -> LOG.warn("Router {}: unknown -D{}={}; expected core, eventloop or heap", router.id(),
                    PROPERTY, fault);
        }
    }

    /** Holds ever more memory until the JVM throws {@link OutOfMemoryError}. */
    private static void fillTheHeap() {
        List<long[]> held = new ArrayList<>();
        while (true) {
            held.add(new long[1 << 20]);
        }
    }
}
