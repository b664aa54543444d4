package org.jrouterd.server.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.server.config.ConfiguredRouter.ConfiguredListener;

/**
 * {@code --check}'s bind-and-release test of the listeners: every listener with a fixed port is bound, all of
 * them at once (so two names of one address clash as they would at start), then all are released; nothing is
 * accepted. What it finds:
 * <ul>
 *   <li>a host that is not a name or not an address of this machine: an error, at the host's line — the start
 *       could never listen there;</li>
 *   <li>a port another process holds, or one this user may not bind: a warning, at the port's line — the file is
 *       usually checked while the router it is for still runs and holds its ports, and the service may run as
 *       another user; the start fails (exit 1) if it is still so then.</li>
 * </ul>
 * Port 0 is not probed: the start picks a free port. Used once, on the main thread.
 */
public final class ListenerProbe {

    private ListenerProbe() {
    }

    /**
     * Binds and releases every listener with a fixed port.
     *
     * @param listeners the listeners, in file order
     * @param warnings  receives {@code file:line: message} for ports in use or not allowed
     * @throws ConfigException for a host the router can never listen on
     */
    public static void check(List<ConfiguredListener> listeners, List<String> warnings) throws ConfigException {
        List<ServerSocketChannel> bound = new ArrayList<>();
        try {
            for (ConfiguredListener listener : listeners) {
                if (listener.spec().port() != 0) {
                    bind(listener, bound, warnings);
                }
            }
        } finally {
            for (ServerSocketChannel channel : bound) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Released when the process exits in any case.
                }
            }
        }
    }

    private static void bind(ConfiguredListener listener, List<ServerSocketChannel> bound, List<String> warnings)
            throws ConfigException {
        String host = listener.spec().host();
        int port = listener.spec().port();
        String where = host + ":" + port;
        String portPlace = place(listener.portOrigin(), where) + ": listener: attribute 'port': ";
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), 1);
            bound.add(channel);
            channel = null;
        } catch (UnresolvedAddressException e) {
            throw at(listener.hostOrigin(), where, "listener: attribute 'host': cannot listen on " + where + ": '"
                    + host + "' is not a known host name");
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage());
            String lower = reason.toLowerCase(Locale.ROOT);
            if (lower.contains("in use")) {
                warnings.add(portPlace + where + " is in use now (" + reason
                        + "): the start fails unless it is free by then");
            } else if (lower.contains("permission") || lower.contains("denied")) {
                warnings.add(portPlace + "this user may not listen on " + where + " (" + reason
                        + "): the start fails unless the router runs as a user who may");
            } else {
                throw at(listener.hostOrigin(), where, "listener: attribute 'host': cannot listen on " + where + ": "
                        + reason);
            }
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing was bound.
                }
            }
        }
    }

    /** Where a listener comes from: {@code file:line}, or {@code --listen HOST:PORT} for the command line's. */
    private static String place(String origin, String where) {
        return origin == null ? "--listen " + where : origin;
    }

    private static ConfigException at(String origin, String where, String message) {
        if (origin == null) {
            return new ConfigException(place(null, where), 0, message);
        }
        int colon = origin.lastIndexOf(':');
        try {
            return new ConfigException(origin.substring(0, colon), Integer.parseInt(origin.substring(colon + 1)),
                    message);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return new ConfigException(origin, 0, message);
        }
    }
}
