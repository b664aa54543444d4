package org.jrouterd.junit;

/**
 * The routers' recent log lines, added to a failing test's exception as a suppressed exception (its message is
 * the lines; it has no stack trace of its own).
 *
 * <p>Threads: immutable; any thread.
 */
final class RecentRouterLog extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RouterLog source;

    RecentRouterLog(RouterLog source, String lines) {
        super(lines, null, false, false);
        this.source = source;
    }

    /** Adds {@code log}'s recent lines to {@code failure}, once, and returns {@code failure}. */
    static Throwable addTo(Throwable failure, RouterLog log) {
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof RecentRouterLog recent && recent.source == log) {
                return failure;
            }
        }
        failure.addSuppressed(log.recent());
        return failure;
    }

    @Override
    public String toString() {
        return "router log: " + getMessage();
    }
}
