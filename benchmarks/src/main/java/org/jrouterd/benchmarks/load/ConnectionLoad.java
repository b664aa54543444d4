package org.jrouterd.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Link;

/**
 * What one connection does: opens its links once the connection is up (client side), or adopts the links the peer
 * attaches (listening side), then drives its {@link LinkLoad}s.
 *
 * <p>Threads: owned by the connection's own thread (one thread per connection in the load tool).
 */
abstract class ConnectionLoad {
    final List<LinkLoad> links = new ArrayList<>();

    /** Client side: open session and links on {@code connection} (already opened locally). */
    void open(Connection connection) {
    }

    /** Listening side: the peer attached {@code link}; copy its termini, open it and adopt it, or close it. */
    void remoteLinkOpened(Link link) {
        link.close();
    }

    /** Runs every link's work; returns whether anything happened. */
    boolean doWork(long now) {
        boolean work = false;
        for (int i = 0; i < links.size(); i++) {
            work |= links.get(i).doWork(now);
        }
        return work;
    }

    /** Whether all links are done (false while there are none yet). */
    boolean finished(long now) {
        if (links.isEmpty()) {
            return false;
        }
        for (int i = 0; i < links.size(); i++) {
            if (!links.get(i).finished(now)) {
                return false;
            }
        }
        return true;
    }
}
