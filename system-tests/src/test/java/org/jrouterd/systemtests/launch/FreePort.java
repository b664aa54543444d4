package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A free ephemeral port of 127.0.0.1, for a configuration file that must name its ports before the router starts
 * (so that the same file starts it again). The kernel picks the port (bind to 0) and it is released at once; the
 * kernel hands ephemeral ports out in turn, so another process taking it before the router binds is unlikely, and
 * would show as a failed start, not as a wrong result. Stateless.
 */
public final class FreePort {

    private FreePort() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
