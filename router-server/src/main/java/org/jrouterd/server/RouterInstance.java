package org.jrouterd.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The link-state {@code instance} of a router start: its boot time in seconds, as qdrouterd sends it, made unique
 * within this JVM so that a router restarted within the same second still counts as a new instance.
 *
 * <p>Threads: any thread (atomic).
 */
final class RouterInstance {

    private static final AtomicLong LAST = new AtomicLong();

    private RouterInstance() {
    }

    static long next() {
        long now = System.currentTimeMillis() / 1000;
        return LAST.updateAndGet(last -> Math.max(last + 1, now));
    }
}
