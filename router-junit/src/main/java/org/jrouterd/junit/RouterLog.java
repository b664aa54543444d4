package org.jrouterd.junit;

import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The recent log of the routers an extension runs, kept to add to a failing test's exception. Capturing needs
 * logback-classic as SLF4J's backend; with any other backend the log is not captured and the failure says how to
 * get it.
 *
 * <p>Threads: lines arrive on the routers' threads; the extension's thread watches, marks and reads.
 */
interface RouterLog extends AutoCloseable {

    /** How many lines a failure shows at most; older ones are dropped as new ones arrive. */
    int MAX_LINES = 200;

    /** Starts capturing for {@code owner} (what the failure message names) with SLF4J's current backend. */
    static RouterLog capture(Supplier<String> owner) {
        return capture(owner, LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** Starts capturing; logback classes are loaded only when {@code loggerFactoryClass} is logback's. */
    static RouterLog capture(Supplier<String> owner, String loggerFactoryClass) {
        if (loggerFactoryClass.equals("ch.qos.logback.classic.LoggerContext")) {
            return LogbackRouterLog.attach(owner, MAX_LINES);
        }
        return new UncapturedRouterLog(owner, loggerFactoryClass);
    }

    /** Keeps what the threads of router {@code routerId} log from now on. */
    void watchRouter(String routerId);

    /** Keeps what {@code thread} logs (a router logs on the thread that starts or stops it) until unwatched. */
    void watchThread(Thread thread);

    /** Stops keeping what {@code thread} logs. */
    void unwatchThread(Thread thread);

    /** Adds a line of its own (where a test starts) so that the failure shows what the lines belong to. */
    void mark(String text);

    /** The lines kept so far, as an exception to add to a failure as a suppressed one. */
    RecentRouterLog recent();

    /** Stops capturing. */
    @Override
    void close();
}
